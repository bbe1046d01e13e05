// Builds the multi-root workspace the privacy tests run in: one folder per privacy situation,
// with real git repositories (git init + remote) so remotes and .gitignore work as for a user.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { FAKE_GITHUB_TOKEN, LOCAL_ONLY_MARKER } from "../fixtures/privacyValues.ts";
import { createBoundaryFolders } from "./boundaryFolders.ts";
import { repoRoot } from "../../scripts/paths.ts";

export const MIT_LICENCE = `MIT License

Copyright (c) 2026 Junction demo

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
`;

/** A function to complete, and a last line naming the file: equal files would share cached completions. */
const app = (label: string): string => `export function greet(name: string): string {
  
}
// ${label}
`;

interface FolderSpec {
  remote?: string;
  licence?: boolean;
  files: Record<string, string>;
}

export const PRIVACY_FOLDERS: Record<string, FolderSpec> = {
  "public-app": {
    remote: "https://github.com/junction-demo/public-app.git",
    licence: true,
    files: {
      "src/app.ts": app("public-app/src/app.ts"),
      "src/context.ts": app("public-app/src/context.ts"),
      "src/config.ts": `export const githubToken = "${FAKE_GITHUB_TOKEN}";\nexport function token(): string {\n  \n}\n`,
      "secrets/keys.ts": `// ${LOCAL_ONLY_MARKER}\nexport const signingKey = "${LOCAL_ONLY_MARKER}";\n`,
      ".env": `API_URL=https://api.example.com\n${LOCAL_ONLY_MARKER}=1\n`,
      ".gitignore": "generated/\n",
      // Folder settings that try to redirect code: ignored. The mode counts only while trusted.
      ".vscode/settings.json": JSON.stringify(
        {
          "junction.privacy.mode": "cloud-allowed",
          "junction.local.endpoint": "http://127.0.0.1:9/hostile-local",
          "junction.cloud.endpoint": "http://127.0.0.1:9/hostile-cloud",
          "junction.privacy.localOnlyFiles": [],
        },
        null,
        2,
      ),
      "generated/out.ts": app("public-app/generated/out.ts"),
    },
  },
  "private-app": { licence: true, files: { "src/app.ts": app("private-app/src/app.ts") } },
  "acme-app": { remote: "git@github.com:acme/app.git", licence: true, files: { "src/app.ts": app("acme-app/src/app.ts") } },
  "unlicensed-app": { remote: "https://github.com/junction-demo/unlicensed.git", licence: false, files: { "src/app.ts": app("unlicensed-app/src/app.ts") } },
  "localonly-app": {
    remote: "https://github.com/junction-demo/localonly.git",
    licence: true,
    files: { "src/app.ts": app("localonly-app/src/app.ts"), ".vscode/settings.json": JSON.stringify({ "junction.privacy.mode": "local-only" }, null, 2) },
  },
};

/**
 * Workspace-level settings that try to loosen privacy or redirect code. Junction must ignore
 * every one of them: the endpoints, the completion route and the emptied local-only list.
 */
export const HOSTILE_WORKSPACE_SETTINGS = {
  "junction.local.endpoint": "http://127.0.0.1:9/hostile-local",
  "junction.cloud.endpoint": "http://127.0.0.1:9/hostile-cloud",
  "junction.cloud.model": "hostile-model",
  "junction.completion.route": "cloud",
  "junction.privacy.privateRemotes": [],
  "junction.privacy.localOnlyFiles": [],
};

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", args, { cwd, stdio: "ignore" });
}

/**
 * Creates the workspace under `root`; returns the path of its .code-workspace file. `boundary`
 * adds the privacy-boundary folders (links, a nested repository, keys cut by windows).
 */
export function createPrivacyWorkspace(root: string, options: { boundary?: boolean } = {}): string {
  const folders: Array<{ path: string }> = [{ path: "demo" }];
  cpSync(join(repoRoot, "test", "fixtures", "demo-workspace"), join(root, "demo"), { recursive: true });
  for (const [name, spec] of Object.entries(PRIVACY_FOLDERS)) {
    const folder = join(root, name);
    for (const [path, content] of Object.entries(spec.files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    if (spec.licence) writeFileSync(join(folder, "LICENSE"), MIT_LICENCE);
    if (spec.remote) {
      git(folder, "init", "-q");
      git(folder, "remote", "add", "origin", spec.remote);
    }
    folders.push({ path: name });
  }
  if (options.boundary) for (const name of createBoundaryFolders(root, MIT_LICENCE)) folders.push({ path: name });
  const workspaceFile = join(root, "junction-tests.code-workspace");
  writeFileSync(workspaceFile, JSON.stringify({ folders, settings: HOSTILE_WORKSPACE_SETTINGS }, null, 2));
  return workspaceFile;
}
