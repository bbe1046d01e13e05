// Two folders laid out the way real repositories are, for the privacy-boundary suite: a public
// repository holding links into a private one and to its own .env, a nested clone with a private
// remote, a private key a completion window would cut, and a direnv file.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ALLOWED_CANARY, ENVRC_CANARY, ENV_CANARY, MOVED_PASSWORD, NESTED_CANARY, PEM_KEY, PRIVATE_CANARY } from "../fixtures/boundaryValues.ts";

export const BOUNDARY_PUBLIC = "boundary-public";
export const BOUNDARY_PRIVATE = "boundary-private";
export const AI_IGNORE_FOLDER = "ai-ignore";

/** Each AI tool's ignore file in the AI_IGNORE_FOLDER, and a file it covers (line 2 matches). */
export const AI_IGNORE_CASES: ReadonlyArray<{ file: string; covered: string; pattern: string }> = [
  { file: ".aiexclude", covered: "data/customers.ts", pattern: "data/" },
  { file: ".aiignore", covered: "src/forecast.ts", pattern: "forecast.ts" },
  { file: "app/.cursorignore", covered: "app/billing.ts", pattern: "*.ts" },
  { file: ".codeiumignore", covered: "src/payroll.ts", pattern: "payroll.ts" },
  { file: ".continueignore", covered: "src/contracts.ts", pattern: "contracts.ts" },
  { file: ".geminiignore", covered: "src/margins.ts", pattern: "margins.ts" },
  { file: ".aiderignore", covered: "src/salaries.ts", pattern: "/src/salaries.ts" },
];

const greet = (label: string) => `export function greet(name: string): string {\n  \n}\n// ${label}\n`;
const filler = (count: number) => Array.from({ length: count }, (_, line) => `export const step${line} = ${line} * 2;`).join("\n");

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", args, { cwd, stdio: "ignore" });
}

function write(folder: string, path: string, content: string): void {
  mkdirSync(dirname(join(folder, path)), { recursive: true });
  writeFileSync(join(folder, path), content);
}

/** Creates both folders under `root` (the public one needs `licence`); returns their names. */
export function createBoundaryFolders(root: string, licence: string): string[] {
  const privateFolder = join(root, BOUNDARY_PRIVATE);
  write(
    privateFolder,
    "src/pricing.ts",
    `export function greet(name: string): string {\n  \n}\n// ${PRIVATE_CANARY}: the margin table\nexport const margin = 0.37; // ${PRIVATE_CANARY}\n`,
  );

  write(privateFolder, "src/margins.ts", `export function greet(name: string): string {\n  \n}\n// ${PRIVATE_CANARY}: margins\n`);

  const publicFolder = join(root, BOUNDARY_PUBLIC);
  write(publicFolder, "LICENSE", licence);
  write(publicFolder, "src/control.ts", `${greet(BOUNDARY_PUBLIC)}export const marker = "${ALLOWED_CANARY}";\n`);
  write(publicFolder, "src/withSnippet.ts", `${greet("withSnippet")}export const marker = "${ALLOWED_CANARY}";\n`);
  write(publicFolder, ".env", `DATABASE_URL=postgres://localhost/app\nMARKER=${ENV_CANARY}\n`);
  write(publicFolder, ".envrc", `export MARKER=${ENVRC_CANARY}\nexport function greet() {\n  \n}\n`);
  // The key sits near the top; the cursor is far below it, so the window starts inside its body.
  write(
    publicFolder,
    "src/keys.ts",
    `export const key = \`${PEM_KEY}\`;\n${filler(55)}\nexport function greet(name: string): string {\n  \n}\n// ${ALLOWED_CANARY} keys\n`,
  );
  // A snippet source: the key starts inside the first 1,500 characters and ends past them.
  write(publicFolder, "src/snippetKey.ts", `${filler(20)}\nexport const other = \`${PEM_KEY}\`;\n`);
  write(publicFolder, "src/account.ts", `${greet("account")}const dbPassword = "${MOVED_PASSWORD}";\nexport const connect = () => open(dbPassword);\n`);
  write(publicFolder, "src/uses.ts", `import { margin } from "./pricing";\n${greet("uses")}export const price = (cost: number) => cost * (1 + margin);\n`);
  git(publicFolder, "init", "-q");
  git(publicFolder, "remote", "add", "origin", "https://github.com/junction-demo/boundary-public.git");
  // Links: a file into the private folder, a directory into it, and an innocent name for .env.
  // (Each test completes in a file of its own: equal texts would share cached completions.)
  mkdirSync(join(publicFolder, "links"), { recursive: true });
  symlinkSync(join(privateFolder, "src", "pricing.ts"), join(publicFolder, "links", "pricing.ts"));
  symlinkSync(join(privateFolder, "src"), join(publicFolder, "links", "private-src"), "dir");
  symlinkSync(join(publicFolder, ".env"), join(publicFolder, "src", "settings.ts"));
  // A nested clone with its own private remote and no licence.
  const nested = join(publicFolder, "vendor", "internal");
  write(nested, "lib.ts", `export function greet(name: string): string {\n  \n}\n// ${NESTED_CANARY}\n`);
  git(nested, "init", "-q");
  git(nested, "remote", "add", "origin", "git@git.corp.example.com:acme/internal.git");
  createAiIgnoreFolder(join(root, AI_IGNORE_FOLDER), licence);
  return [BOUNDARY_PUBLIC, BOUNDARY_PRIVATE, AI_IGNORE_FOLDER];
}

/** A public folder whose files other AI tools' ignore files keep local. */
function createAiIgnoreFolder(folder: string, licence: string): void {
  write(folder, "LICENSE", licence);
  for (const { file, covered, pattern } of AI_IGNORE_CASES) {
    // The Cursor file negates one name back: app/allowed.ts is not covered.
    const negation = file === "app/.cursorignore" ? "!allowed.ts\n" : "";
    write(folder, file, `# kept away from AI tools\n${pattern}\n${negation}`);
    write(folder, covered, greet(`${AI_IGNORE_FOLDER}/${covered}`));
  }
  write(folder, "app/allowed.ts", greet(`${AI_IGNORE_FOLDER}/app/allowed.ts`));
  write(folder, "src/open.ts", greet(`${AI_IGNORE_FOLDER}/src/open.ts`));
  write(folder, "vendor/.aiexclude", "");
  write(folder, "vendor/lib.ts", greet(`${AI_IGNORE_FOLDER}/vendor/lib.ts`));
  git(folder, "init", "-q");
  git(folder, "remote", "add", "origin", "https://github.com/junction-demo/ai-ignore.git");
}
