// Prints the secret scan's recall on Junction's own sample corpus, per family, and its
// false-positive rate on the lookalikes (test/fixtures/secretSamples.ts, secretLookalikes.ts);
// then the same over 40 reseeded variants of the corpus, whose random bodies show how the
// entropy and shape thresholds hold up. A secret counts as found when a finding covers exactly
// one of its occurrences; a finding that only overlaps it counts as partial. Prints numbers,
// asserts nothing (test/unit/secretSamples.test.ts asserts the corpus itself).
//   node bench/secretRecall.bench.ts
import { findSecrets } from "../src/core/privacy/secrets.ts";
import { LOOKALIKES, buildLookalikes } from "../test/fixtures/secretLookalikes.ts";
import type { Lookalike } from "../test/fixtures/secretLookalikes.ts";
import { SECRET_SAMPLES, buildSecretSamples } from "../test/fixtures/secretSamples.ts";
import type { SecretSample } from "../test/fixtures/secretSamples.ts";

const VARIANTS = 40;

interface Tally {
  samples: number;
  found: number;
  partial: number;
  /** Findings in a positive sample that are no occurrence of its secret. */
  stray: number;
}

function tallyByFamily(samples: readonly SecretSample[], families = new Map<string, Tally>()): Map<string, Tally> {
  for (const { family, text, secret } of samples) {
    const tally = families.get(family) ?? { samples: 0, found: 0, partial: 0, stray: 0 };
    families.set(family, tally);
    tally.samples += 1;
    const findings = findSecrets(text);
    const exact = findings.filter((finding) => text.slice(finding.start, finding.end) === secret);
    const at = text.indexOf(secret);
    if (exact.length > 0) tally.found += 1;
    else if (findings.some((finding) => finding.start < at + secret.length && at < finding.end)) tally.partial += 1;
    tally.stray += findings.length - exact.length;
  }
  return families;
}

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;

function printRecall(title: string, families: Map<string, Tally>): void {
  console.log(title);
  console.log(`${"family".padEnd(20)} ${"samples".padStart(7)} ${"found".padStart(6)} ${"partial".padStart(7)} ${"stray".padStart(5)}  recall`);
  let samples = 0;
  let found = 0;
  let stray = 0;
  for (const [family, tally] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    samples += tally.samples;
    found += tally.found;
    stray += tally.stray;
    const cells = [tally.samples, tally.found, tally.partial, tally.stray].map((count, i) => String(count).padStart([7, 6, 7, 5][i] ?? 5));
    console.log(`${family.padEnd(20)} ${cells.join(" ")}  ${percent(tally.found, tally.samples)}`);
  }
  const complete = [...families.values()].filter((tally) => tally.found === tally.samples).length;
  console.log(
    `overall recall ${percent(found, samples)} (${found}/${samples}); families fully found ${complete}/${families.size}; stray findings in positives ${stray}`,
  );
}

function printFalsePositives(title: string, lookalikes: readonly Lookalike[]): void {
  const flagged = lookalikes.filter(({ text }) => findSecrets(text).length > 0);
  const byFamily = new Map<string, number>();
  for (const { family } of flagged) byFamily.set(family, (byFamily.get(family) ?? 0) + 1);
  const detail = [...byFamily].map(([family, count]) => `${family} ${count}`).join(", ");
  console.log(
    `${title}: ${flagged.length}/${lookalikes.length} lookalikes flagged (${percent(flagged.length, lookalikes.length)})${detail ? ` — ${detail}` : ""}`,
  );
}

printRecall(
  `Secret recall on the corpus: ${SECRET_SAMPLES.length} samples in ${new Set(SECRET_SAMPLES.map((sample) => sample.family)).size} families`,
  tallyByFamily(SECRET_SAMPLES),
);
printFalsePositives("false positives on the corpus", LOOKALIKES);
console.log("");

const variants = new Map<string, Tally>();
const variantLookalikes: Lookalike[] = [];
for (let seed = 1; seed <= VARIANTS; seed += 1) {
  tallyByFamily(buildSecretSamples(`#${seed}`), variants);
  variantLookalikes.push(...buildLookalikes(`#${seed}`));
}
printRecall(`Secret recall on ${VARIANTS} reseeded variants of the corpus`, variants);
printFalsePositives(`false positives on ${VARIANTS} reseeded variants`, variantLookalikes);
