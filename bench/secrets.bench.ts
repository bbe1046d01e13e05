// Prints how fast secret detection and redaction run: MB/s on 1 MB of (a) ordinary code and
// (b) dense configuration where every line assigns a secret-looking name, one in 12 (and, as a
// stress case, one in 4) a real secret, plus the key-heavy lines the scan met before; then
// latency on a 20 KB file, the size of a typical refactor request. The machine's other load
// moves these figures: compare runs made side by side.
//   node bench/secrets.bench.ts
import { findSecrets, redactSecrets } from "../src/core/privacy/secrets.ts";
import { ALPHANUMERIC, percentile, randomText, samplesMs } from "./measure.ts";
import { denseAssignments, ordinaryCode } from "./sourceText.ts";

/** Ordinary code that mentions keys, tokens and auth without holding any secret. */
const CODE_LINES = [
  'import { createHash } from "node:crypto";',
  "export async function refreshSession(token: CancellationToken, store: SecretStore): Promise<void> {",
  '  const apiKey = await store.get("junction.cloud.apiKey");',
  '  if (!apiKey) throw new ProviderError({ kind: "unauthorized", side: "cloud", endpoint, message: "no key" });',
  '  const headers = { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" };',
  '  const password = process.env.DB_PASSWORD ?? "";',
  "  for (const [key, value] of Object.entries(settings)) logger.debug(`setting ${key}`, value);",
  "  const tokens = tokenizer.encode(prompt).length; // stay under maxTokens",
  "  return items.map((item) => ({ key: item.id, label: item.title, author: item.author }));",
  "}",
  "// The cache key is the file's URI plus its version, so an edit invalidates it.",
  "const cacheKey = `${document.uri.toString()}@${document.version}`;",
  "const sortKey = (a: Entry, b: Entry) => a.name.localeCompare(b.name);",
  '  "keybindings": [{ "command": "junction.showPanel", "key": "ctrl+alt+j" }],',
  "def authenticate(username: str, password: str) -> bool:",
  "    return check_password_hash(stored_hash, password)",
  "",
];

/** Key-heavy code lines; one line in every `secretEvery` holds a secret (0: none). */
function mixedSource(bytes: number, secretEvery: number, seed: number): string {
  const random = randomText(seed);
  const secrets = [
    () => `const GITHUB_TOKEN = "ghp_${random(36)}";`,
    () => `AWS_SECRET_ACCESS_KEY=${random(40, `${ALPHANUMERIC}/+`)}`,
    () => `  "client_secret": "${random(32)}",`,
    () => `headers["Authorization"] = "Bearer eyJ${random(20)}.eyJ${random(60)}.${random(43)}";`,
    () => `OPENAI_API_KEY=sk-proj-${random(120)}`,
    () => `db_url = "postgres://app:${random(16)}@db.internal:5432/app"`,
  ];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const secret = secretEvery > 0 && i % secretEvery === secretEvery - 1 ? secrets[Math.floor(i / secretEvery) % secrets.length] : undefined;
    const line = secret ? secret() : (CODE_LINES[i % CODE_LINES.length] ?? "");
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n").slice(0, bytes);
}

const MB = 1 << 20;
const TEXTS: Array<[string, string]> = [
  ["(a) ordinary code", ordinaryCode(MB, 3)],
  ["(b) dense, 1 secret in 12", denseAssignments(MB, 5, 12)],
  ["(b) dense, 1 secret in 4", denseAssignments(MB, 5, 4)],
  ["key-heavy lines, none", mixedSource(MB, 0, 42)],
  ["key-heavy lines, secrets", mixedSource(MB, 200, 42)],
];

console.log(`Secret detection, Node ${process.version}`);
console.log("1 MB file                  findings   findSecrets p50 ms   MB/s   redactSecrets p50 ms   MB/s");
for (const [label, text] of TEXTS) {
  const megabytes = text.length / MB;
  const find = percentile(
    samplesMs(() => findSecrets(text), 40, 10),
    50,
  );
  const redact = percentile(
    samplesMs(() => redactSecrets(text), 40, 10),
    50,
  );
  console.log(
    [
      label.padEnd(25),
      String(findSecrets(text).length).padStart(9),
      find.toFixed(2).padStart(20),
      (megabytes / (find / 1000)).toFixed(0).padStart(6),
      redact.toFixed(2).padStart(22),
      (megabytes / (redact / 1000)).toFixed(0).padStart(6),
    ].join(" "),
  );
}

const small = mixedSource(20 * 1024, 40, 7);
const both = samplesMs(() => {
  findSecrets(small);
  redactSecrets(small);
}, 2_000);
console.log(
  `20 KB file (${findSecrets(small).length} findings), findSecrets + redactSecrets, 2000 runs: p50 ${percentile(both, 50).toFixed(3)} ms, p99 ${percentile(both, 99).toFixed(3)} ms`,
);
