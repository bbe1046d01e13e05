// The words for a refused edit path (pathSafety.ts's PathProblem codes), through l10n: the one place
// a path rejection becomes a sentence, for the refactor's error message and the log. The path is
// shown with control characters made visible, so a model cannot hide one in the message.
import * as l10n from "@vscode/l10n";
import { printablePath } from "../core/refactor/pathSafety.ts";
import type { PathRejection } from "../core/refactor/pathSafety.ts";

export function wordPathRejection(rejection: PathRejection): string {
  const shown = printablePath(rejection.path);
  const { problem } = rejection;
  switch (problem.code) {
    case "empty":
      return l10n.t('"{0}" is empty', shown);
    case "control-character":
      return l10n.t('"{0}" contains control or invisible characters', shown);
    case "drive-letter":
      return l10n.t('"{0}" starts with a drive letter; paths must be relative to the workspace', shown);
    case "backslash":
      return l10n.t('"{0}" contains a backslash; use forward slashes, relative to the workspace', shown);
    case "absolute":
      return l10n.t('"{0}" is absolute; paths must be relative to the workspace', shown);
    case "home-directory":
      return l10n.t('"{0}" starts with ~ (a home directory); paths must be relative to the workspace', shown);
    case "colon":
      return l10n.t('"{0}" contains a colon (a drive, URL scheme or alternate data stream)', shown);
    case "windows-character":
      return l10n.t('"{0}" contains a character that is not allowed in file names on Windows', shown);
    case "folder":
      return l10n.t('"{0}" names a folder, not a file', shown);
    case "parent-segment":
      return l10n.t('"{0}" contains a .. segment; edits must stay inside the workspace', shown);
    case "trailing-dot-or-space":
      return l10n.t('"{0}" has a name ending in a dot or space ("{1}"), which Windows silently drops', shown, printablePath(problem.segment));
    case "reserved-name":
      return l10n.t('"{0}" uses "{1}", a reserved device name on Windows', shown, printablePath(problem.segment));
    case "inside-git":
      return l10n.t('"{0}" is inside .git, which Junction never edits', shown);
    case "no-workspace-folder":
      return l10n.t('"{0}" cannot be edited: no workspace folder is open', shown);
    case "unknown-folder":
      return l10n.t('"{0}" does not start with a workspace folder name ({1})', shown, problem.folders.join(", "));
    case "new-file-was-sent":
      return l10n.t('"{0}" is marked as a new file, but it is one of the files the request sent', shown);
    case "new-file-in-vscode":
      return l10n.t('"{0}" would create a file in .vscode, where tasks and settings can run code when the folder opens', shown);
    case "not-requested":
      return l10n.t('"{0}" was not part of the request; only the files sent with it, or new files, may be edited', shown);
    case "cannot-resolve":
      return l10n.t('"{0}" cannot be resolved ({1})', shown, problem.errorCode);
    case "folder-missing":
      return l10n.t('"{0}" cannot be checked: the workspace folder {1} does not exist', shown, problem.folder);
    case "folder-unresolvable":
      return l10n.t('"{0}" cannot be checked: the workspace folder {1} cannot be resolved ({2})', shown, problem.folder, problem.errorCode);
    case "no-longer-exists":
      return l10n.t('"{0}" no longer exists', shown);
    case "new-file-exists":
      return l10n.t('"{0}" is marked as a new file, but a file already exists there', shown);
    case "symlink-escape":
      return l10n.t('"{0}" leads outside the workspace folder through a symbolic link', shown);
    case "dangling-symlink":
      return l10n.t('"{0}" goes through a symbolic link whose target is missing', shown);
  }
}
