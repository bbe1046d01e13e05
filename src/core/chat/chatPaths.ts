import { createLocalOnlyMatcher } from "../privacy/localOnlyFiles.ts";
import { DEFAULT_LOCAL_ONLY_FILES } from "../config.ts";

/**
 * The files a chat request names. Chat text carries no per-file privacy flags: an attachment, a
 * `read_file` call's arguments, a search result or a terminal's output name files only as paths.
 * Every path-like word is a candidate; the host keeps those that exist and classifies them, and a
 * request naming a local-only file stays on this machine.
 * - absolute paths and `file://` URIs;
 * - words with a slash (`src/app.ts`, `secrets/keys.ts:12`), dotfiles (`.env`, `.npmrc`) and
 *   bare names with the extension of a source, config or key file (`config.ts`, `server.key`),
 *   each tried in every workspace folder. Other bare `a.b` words are far more often code
 *   (`console.log`, `items.length`) than file names. Only names that exist count, so a word
 *   like `event.key` costs a look-up and nothing more.
 * Line and column suffixes (`:12`, `:12:3`, `#L12`) and closing punctuation are cut off.
 */

export interface PathCandidates {
  /** Absolute paths, with forward slashes. */
  absolute: string[];
  /** Paths relative to some workspace folder, with forward slashes. */
  relative: string[];
  /** More candidates than are checked: a request naming that many files is not traced, it stays local. */
  overflow: boolean;
}

/** Distinct candidates checked per request; each costs the host a file-system lookup. */
export const MAX_PATH_CANDIDATES = 1_000;

const FILE_URI = /\bfile:\/\/(\/[^\s"'`<>()[\]{}|]+)/g;
/** A run of characters paths are made of, Windows separators and drive letters included. */
const PATH_WORD = /(?:[A-Za-z]:)?[\w@.+~\-/\\%]+/g;
const LOCATION_SUFFIX = /(?::\d+){1,2}$|#L\d+(?:-L?\d+)?$/;
/** Extensions of files an agent reads or a user attaches, and of the key and credential files the defaults keep local. */
const FILE_EXTENSION =
  /^[^/]+\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kts?|swift|c|h|cc|cpp|hpp|cs|php|scala|lua|dart|vue|svelte|json|jsonc|ya?ml|toml|ini|cfg|conf|xml|html?|css|scss|md|txt|sql|sh|bash|zsh|ps1|env|pem|key|crt|p12|pfx|jks|keystore|tfvars|tfstate|tf|properties|gradle|lock|csv|ipynb)$/i;

export function findPathCandidates(texts: readonly string[]): PathCandidates {
  const absolute = new Set<string>();
  const relative = new Set<string>();
  let overflow = false;
  const add = (into: Set<string>, path: string) => {
    if (absolute.size + relative.size >= MAX_PATH_CANDIDATES) overflow = true;
    else into.add(path);
  };
  for (const text of texts) {
    if (overflow) break;
    for (const match of text.matchAll(FILE_URI)) {
      const path = decodeUri(match[1]!);
      if (path) add(absolute, clean(path));
    }
    for (const match of text.matchAll(PATH_WORD)) {
      const start = match.index;
      // The path of a URL (`https://host/a.ts`) or a URI already taken above.
      if (start >= 1 && text.charCodeAt(start - 1) === 58 /* : */) continue;
      const word = clean(match[0].replace(/\\/g, "/"));
      if (word.length < 2 || word.includes("//")) continue;
      if (/^(?:[A-Za-z]:)?\//.test(word))
        add(
          absolute,
          word.replace(/^([A-Za-z]:)/, (drive) => drive.toUpperCase()),
        );
      else if (word.includes("/") || /^\.[\w-]/.test(word) || FILE_EXTENSION.test(word)) add(relative, word.replace(/^\.\//, ""));
    }
  }
  return { absolute: [...absolute], relative: [...relative], overflow };
}

/** A file outside every workspace folder is local-only only when its name says it holds credentials. */
const credentialFile = createLocalOnlyMatcher(DEFAULT_LOCAL_ONLY_FILES);

/**
 * Why a named file outside the workspace keeps the request local: a credentials file by the
 * default local-only patterns (`~/.ssh/id_rsa`, `~/.aws/credentials`). Others (a compiler's
 * headers, a tool's path in a stack trace) are named far more often than read.
 */
export function outsideFileIsLocalOnly(absolutePath: string): string | undefined {
  const relativeish = absolutePath.replace(/^(?:[A-Za-z]:)?\/+/, "");
  return relativeish === "" ? undefined : credentialFile(relativeish);
}

function clean(path: string): string {
  let cut = path.replace(LOCATION_SUFFIX, "");
  while (/[.,;:!?%)\]}'"`-]$/.test(cut) && cut.length > 1) cut = cut.slice(0, -1);
  return cut.replace(LOCATION_SUFFIX, "");
}

function decodeUri(path: string): string | undefined {
  try {
    return decodeURIComponent(path).replace(/^\/([A-Za-z]:)/, "$1");
  } catch {
    return undefined;
  }
}
