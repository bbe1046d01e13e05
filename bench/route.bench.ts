// Prints how long the privacy check and routing take per request (DESIGN §3 asks for routing
// under 1 ms): classifying a 3-folder workspace and the request's files, scanning and redacting
// a 20 KB context holding 2 secrets, routing a 5-file refactor, and all three together; then
// secret-scan throughput on a 1 MB file. Prints numbers, asserts nothing.
//   node bench/route.bench.ts
import { DEFAULT_LOCAL_ONLY_FILES } from "../src/core/config.ts";
import { priceFor } from "../src/core/pricing.ts";
import { classifyFile, classifyWorkspace } from "../src/core/privacy/classify.ts";
import type { WorkspaceFacts } from "../src/core/privacy/classify.ts";
import { createLocalOnlyMatcher } from "../src/core/privacy/localOnlyFiles.ts";
import { findSecrets, redactSecrets } from "../src/core/privacy/secrets.ts";
import { route } from "../src/core/routing/router.ts";
import { estimateTokens } from "../src/core/tokens.ts";
import { percentile, samplesMs } from "./measure.ts";
import { sourceWithTwoSecrets } from "./sourceText.ts";
import type { RouteContext, RouteFile, RouteRequest } from "../src/core/routing/router.ts";
import { wordSecretSource } from "../src/words/routeWords.ts";

const ITERATIONS = 5_000;
const THROUGHPUT_RUNS = 30;

// ── measuring ──

function report(label: string, run: () => unknown): void {
  const samples = samplesMs(run, ITERATIONS);
  console.log(`${label.padEnd(58)} ${percentile(samples, 50).toFixed(4).padStart(9)} ${percentile(samples, 99).toFixed(4).padStart(9)}`);
}

// ── fixtures ──

const MIT = `MIT License

Copyright (c) 2024 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction.`;

/** Three folders: public (GitHub + MIT), private (company host, no licence), local-only by setting. */
const WORKSPACE: WorkspaceFacts = {
  trusted: true,
  privateRemotes: ["github.com/acme/**", "git.corp.example.com/**"],
  folders: [
    { name: "shop", remotes: ["https://github.com/jane/shop.git", "git@github.com:jane/shop.git"], licenceText: MIT, mode: "auto", modeSource: "default" },
    { name: "billing", remotes: ["ssh://git@git.corp.example.com/finance/billing.git"], licenceText: undefined, mode: "auto", modeSource: "default" },
    { name: "infra", remotes: ["https://github.com/acme/infra.git"], licenceText: MIT, mode: "local-only", modeSource: "workspace" },
  ],
};

const LOCAL_ONLY = createLocalOnlyMatcher(DEFAULT_LOCAL_ONLY_FILES);

/** The 20 KB context, cut at line ends into five files of the public folder (one of them .env). */
const CONTEXT = sourceWithTwoSecrets(20 * 1024, 1);
const FILE_SPECS: Array<{ folder: number; relativePath: string; role: RouteFile["role"]; text: string }> = (() => {
  const paths = ["src/orders.ts", "src/cache.ts", "src/api/client.ts", "src/payments.ts", ".env"];
  const lines = CONTEXT.split("\n");
  const per = Math.ceil(lines.length / paths.length);
  return paths.map((relativePath, index) => ({
    folder: 0,
    relativePath,
    role: index < 2 ? "edited" : "context",
    text: lines.slice(index * per, (index + 1) * per).join("\n"),
  }));
})();

function tokensOf(text: string): number {
  return estimateTokens(text);
}

const ROUTE_CONTEXT: RouteContext = {
  trusted: true,
  completionRoute: "local",
  cloudThreshold: 0.6,
  secretsPolicy: "redact",
  local: { available: true, model: "qwen2.5-coder:7b-instruct", endpoint: "http://127.0.0.1:11434", contextTokens: 32_768, remote: false },
  cloud: { available: true, configured: true, model: "gpt-5-mini", price: priceFor("gpt-5-mini") },
  budget: { sessionUsd: 2, sessionSpentUsd: 0.4, monthlyUsd: 30, monthSpentUsd: 12 },
};

function requestFor(files: RouteFile[]): RouteRequest {
  return {
    kind: "multi-file refactor",
    files,
    instruction: "move the discount rules out of the order loader into a pricing module",
    instructionTokens: 20,
    selectionTokens: 0,
    crossFileReferences: 4,
    maxOutputTokens: 4_000,
  };
}

/** The same five files as the router sees them after classification and the secret scan. */
const ROUTE_FILES: RouteFile[] = FILE_SPECS.map((spec) => ({
  path: spec.relativePath,
  role: spec.role,
  cloudAllowed: spec.relativePath !== ".env",
  privacyReasons:
    spec.relativePath === ".env"
      ? [{ code: "local-only-pattern", pattern: ".env" }]
      : [{ code: "folder", name: "shop", classification: "public", evidence: [] }],
  tokens: tokensOf(spec.text),
  secrets: findSecrets(spec.text).length,
}));
const ROUTE_REQUEST = requestFor(ROUTE_FILES);

function classifyAll(): unknown {
  const privacy = classifyWorkspace(WORKSPACE);
  return FILE_SPECS.map((spec) => classifyFile({ folder: privacy.folders[spec.folder], relativePath: spec.relativePath, gitIgnored: false }, LOCAL_ONLY));
}

function scanAndRedact(): unknown {
  findSecrets(CONTEXT);
  return redactSecrets(CONTEXT);
}

/** What one refactor request costs before any model is called: classify, scan cloud-bound files, route. */
function pipeline(): unknown {
  const privacy = classifyWorkspace(WORKSPACE);
  const files = FILE_SPECS.map((spec): RouteFile => {
    const file = classifyFile({ folder: privacy.folders[spec.folder], relativePath: spec.relativePath, gitIgnored: false }, LOCAL_ONLY);
    // Only content that may leave the machine is scanned; redactSecrets finds and replaces in one pass.
    const secrets = file.cloudAllowed ? redactSecrets(spec.text).findings.length : 0;
    return { path: spec.relativePath, role: spec.role, cloudAllowed: file.cloudAllowed, privacyReasons: file.reasons, tokens: tokensOf(spec.text), secrets };
  });
  return route(requestFor(files), ROUTE_CONTEXT);
}

// ── run ──

const decision = route(ROUTE_REQUEST, ROUTE_CONTEXT);
const pipelineDecision = pipeline() as ReturnType<typeof route>;
console.log(`Privacy check and routing, ${ITERATIONS} runs each after 200 warm-up runs, Node ${process.version}`);
console.log(
  `fixture: 3 folders (${classifyWorkspace(WORKSPACE)
    .folders.map((folder) => `${folder.name} ${folder.classification}`)
    .join(", ")}); ` +
    `context ${(CONTEXT.length / 1024).toFixed(1)} KB in ${FILE_SPECS.length} files, ${findSecrets(CONTEXT).length} secrets; ` +
    `route → ${decision.target} (${decision.model}), dropped [${decision.droppedContext.join(", ")}], ` +
    `redactions ${decision.redactions.map((r) => `${wordSecretSource(r)}×${r.secrets}`).join(", ") || "none"}; ` +
    `pipeline → ${pipelineDecision.target}`,
);
console.log(`${"".padEnd(58)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)}`);
report("classifyWorkspace (3 folders) + classifyFile × 5", classifyAll);
report("findSecrets + redactSecrets, 20 KB context, 2 secrets", scanAndRedact);
report("route, 5-file refactor", () => route(ROUTE_REQUEST, ROUTE_CONTEXT));
report("pipeline: classify + redactSecrets per file + route", pipeline);

const big = Array.from({ length: 52 }, (_, chunk) => sourceWithTwoSecrets(20 * 1024, 100 + chunk))
  .join("\n")
  .slice(0, 1 << 20);
const megabytes = big.length / (1 << 20);
const find = percentile(
  samplesMs(() => findSecrets(big), THROUGHPUT_RUNS),
  50,
);
const redact = percentile(
  samplesMs(() => redactSecrets(big), THROUGHPUT_RUNS),
  50,
);
console.log(
  `secret scan, ${megabytes.toFixed(2)} MB TypeScript with ${findSecrets(big).length} secrets, p50 of ${THROUGHPUT_RUNS} runs: ` +
    `findSecrets ${find.toFixed(2)} ms = ${(megabytes / (find / 1000)).toFixed(0)} MB/s; ` +
    `redactSecrets ${redact.toFixed(2)} ms = ${(megabytes / (redact / 1000)).toFixed(0)} MB/s`,
);
