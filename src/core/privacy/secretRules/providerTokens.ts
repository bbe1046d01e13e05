/**
 * Tokens of software and AI services, recognised by their documented prefix and shape wherever
 * they appear. Each rule names the provider page that documents its format; the regexes are
 * Junction's own. Every one is anchored: its match starts at one of its keywords.
 */
import type { PatternRule } from "./ruleTypes.ts";
import { END, START, decodeBase64, token } from "./tokenPattern.ts";
import { looksLikePlaceholder, meanWordLength, randomTail, shannonEntropy } from "./valueTests.ts";

/** Letters only (Hugging Face): random when mixed-case pieces stay short and varied. */
function randomLetters(prefixLength: number) {
  return (value: string): boolean => {
    const tail = value.slice(prefixLength);
    return /[a-z]/.test(tail) && /[A-Z]/.test(tail) && shannonEntropy(tail) >= 3.8 && meanWordLength(tail) < 3.3 && !looksLikePlaceholder(tail);
  };
}

export const CODE_HOST_TOKENS: readonly PatternRule[] = [
  // docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats
  {
    id: "github-pat",
    description: "A GitHub classic personal access token (ghp_…).",
    specificity: 2,
    keywords: ["ghp_"],
    anchored: true,
    pattern: token("ghp_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "github-fine-grained-pat",
    description: "A GitHub fine-grained personal access token (github_pat_…).",
    specificity: 2,
    keywords: ["github_pat_"],
    anchored: true,
    pattern: token("github_pat_", "[A-Za-z0-9_]{50,251}"),
    accept: randomTail(11, 3),
  },
  {
    id: "github-oauth",
    description: "A GitHub OAuth access token (gho_…).",
    specificity: 2,
    keywords: ["gho_"],
    anchored: true,
    pattern: token("gho_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "github-app-token",
    description: "A GitHub App user-to-server or server-to-server token (ghu_…, ghs_…).",
    specificity: 2,
    keywords: ["ghu_", "ghs_"],
    anchored: true,
    pattern: token("gh[us]_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  {
    id: "github-refresh-token",
    description: "A GitHub refresh token (ghr_…).",
    specificity: 2,
    keywords: ["ghr_"],
    anchored: true,
    pattern: token("ghr_", "[A-Za-z0-9]{36,251}"),
    accept: randomTail(4, 3),
  },
  // docs.gitlab.com/ee/security/tokens/#token-prefixes; a routable token ends `.01.` + 9 characters.
  {
    id: "gitlab-pat",
    description: "A GitLab personal access token (glpat-…), legacy or routable.",
    specificity: 2,
    keywords: ["glpat-"],
    anchored: true,
    pattern: token("glpat-", String.raw`[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9})?`),
    accept: randomTail(6, 3),
  },
  {
    id: "gitlab-token",
    description:
      "Other GitLab tokens: deploy (gldt-), runner (glrt-, glrtr-, GR1348941…), pipeline trigger (glptt-), feed (glft-), CI job (glcbt-), OAuth secret (gloas-), agent (glagent-), mail (glimt-), SCIM (glsoat-), feature flags (glffct-), workspace (glwt-).",
    specificity: 2,
    keywords: ["gldt-", "glrt-", "glrtr-", "glptt-", "glft-", "glcbt-", "gloas-", "glagent-", "glimt-", "glsoat-", "glffct-", "glwt-", "GR1348941"],
    anchored: true,
    pattern: token("(?:gl(?:dt|rtr?|ptt|ft|cbt|oas|agent|imt|soat|ffct|wt)-|GR1348941)", String.raw`[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9})?`),
    accept: (value) => randomTail(value.startsWith("GR") ? 9 : value.indexOf("-") + 1, 3)(value),
  },
  // docs.npmjs.com/about-access-tokens (tokens made since 2021 start with npm_)
  {
    id: "npm-access-token",
    description: "An npm access token (npm_…).",
    specificity: 2,
    keywords: ["npm_"],
    anchored: true,
    pattern: token("npm_", "[A-Za-z0-9]{36}"),
    accept: randomTail(4, 3),
  },
  // pypi.org/help/#apitoken: a macaroon whose serialisation starts with the location pypi.org
  // (AgEIcHlwaS5vcmc…) or test.pypi.org (AgENdGVzdC5weXBpLm9yZw…).
  {
    id: "pypi-token",
    description: "A PyPI or TestPyPI API token (pypi-AgEIcHlwaS5vcmc…).",
    specificity: 2,
    keywords: ["pypi-Ag"],
    anchored: true,
    pattern: token("pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)", "[A-Za-z0-9_-]{50,1000}"),
    accept: randomTail(20, 4),
  },
];

export const SERVICE_TOKENS: readonly PatternRule[] = [
  // api.slack.com/authentication/token-types
  {
    id: "slack-token",
    description: "A Slack bot, user, workspace, refresh or app token (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xapp-…).",
    specificity: 2,
    keywords: ["xox", "xapp-"],
    anchored: true,
    // Segments are split by `-`, which the segment class excludes: one way to split, no backtracking.
    pattern: token("(?:xox[abeoprs]|xapp)-", String.raw`\d{1,14}(?:-[A-Za-z0-9]{1,64}){1,6}`),
    accept: (value) => {
      const last = value.slice(value.lastIndexOf("-") + 1);
      return last.length >= 8 && !looksLikePlaceholder(last) && shannonEntropy(last) >= 2.5;
    },
  },
  // api.slack.com/messaging/webhooks
  {
    id: "slack-webhook-url",
    description: "The secret path of a Slack incoming webhook (hooks.slack.com/services/…); the host stays visible.",
    specificity: 2,
    keywords: ["hooks.slack.com"],
    anchored: true,
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9+/]{40,120})(?![A-Za-z0-9+/])/g,
    accept: randomTail(0, 3),
    foundByContext: true,
  },
  // docs.stripe.com/keys (publishable pk_ keys are public by design)
  {
    id: "stripe-secret-key",
    description: "A Stripe secret or restricted key, live or test (sk_live_…, rk_live_…, sk_test_…).",
    specificity: 2,
    keywords: ["sk_", "rk_"],
    anchored: true,
    pattern: token("[sr]k_(?:live|test|prod)_", "[A-Za-z0-9]{16,247}"),
    accept: (value) => randomTail(value.indexOf("_", 3) + 1, 3)(value),
  },
  // www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys: SG., a 22-character id, a 43-character secret.
  {
    id: "sendgrid-api-key",
    description: "A SendGrid API key (SG.<id>.<secret>).",
    specificity: 2,
    keywords: ["SG."],
    anchored: true,
    pattern: token(String.raw`SG\.`, String.raw`[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`),
    accept: randomTail(26, 4),
  },
  // core.telegram.org/bots/api#authorizing-your-bot: the bot's numeric id, a colon, a 35-character
  // secret; in the Bot API's URLs it follows `/bot`.
  {
    id: "telegram-bot-token",
    description: "A Telegram bot token (<bot id>:<35 characters>).",
    specificity: 2,
    keywords: [],
    pattern: /(?:(?<=\/bot)|(?<![\w:.-]))(?<secret>\d{5,12}:[A-Za-z0-9_-]{33,40})(?![\w-])/g,
    accept: (value) => {
      const secret = value.slice(value.indexOf(":") + 1);
      return /[A-Z]/.test(secret) && /[a-z]/.test(secret) && shannonEntropy(secret) >= 3.8 && !looksLikePlaceholder(secret);
    },
  },
  // discord.com/developers/docs/reference#authentication: a bot token is the bot's id in base64,
  // a timestamp and an HMAC, joined by dots. The id decodes to 17–20 digits, which makes the
  // first character M, N or O.
  {
    id: "discord-bot-token",
    description: "A Discord bot token (<base64 bot id>.<timestamp>.<HMAC>).",
    specificity: 2,
    keywords: [],
    pattern: new RegExp(`${START}(?<secret>[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38})${END}`, "g"),
    accept: (value) => {
      const [id = "", , hmac = ""] = value.split(".");
      return /^\d{17,20}$/.test(decodeBase64(id) ?? "") && shannonEntropy(hmac) >= 3.8;
    },
  },
  // huggingface.co/docs/hub/security-tokens (hf_ + letters); api_org_ is the deprecated organisation token.
  {
    id: "huggingface-token",
    description: "A Hugging Face user access token (hf_…) or organisation API token (api_org_…).",
    specificity: 2,
    keywords: ["hf_", "api_org_"],
    anchored: true,
    pattern: token("(?:hf_|api_org_)", "[A-Za-z]{34}"),
    accept: (value) => randomLetters(value.startsWith("hf_") ? 3 : 8)(value),
  },
  // platform.openai.com/docs/api-reference/authentication
  {
    id: "openai-api-key",
    description: "An OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…).",
    specificity: 2,
    keywords: ["sk-"],
    anchored: true,
    // Kebab-case names (`sk-button-primary-lg`) share the prefix: a key mixes in digits.
    pattern: token("sk-(?!ant-)", "[A-Za-z0-9_-]{20,300}"),
    accept: (value) => /\d/.test(value) && /[A-Z]/.test(value) && randomTail(3, 3.5)(value),
  },
  // docs.anthropic.com/en/api/getting-started
  {
    id: "anthropic-api-key",
    description: "An Anthropic API or admin key (sk-ant-api03-…, sk-ant-admin01-…).",
    specificity: 2,
    keywords: ["sk-ant-"],
    anchored: true,
    pattern: token("sk-ant-", String.raw`[a-z]{2,10}\d{2}-[A-Za-z0-9_-]{32,300}`),
    accept: (value) => randomTail(value.indexOf("-", 7) + 1, 3.5)(value),
  },
  // cloud.google.com/docs/authentication/api-keys
  {
    id: "gcp-api-key",
    description: "A Google Cloud / Firebase API key (AIza…).",
    specificity: 2,
    keywords: ["AIza"],
    anchored: true,
    pattern: token("AIza", "[A-Za-z0-9_-]{35}"),
    accept: randomTail(4, 3.5),
  },
  // developer.1password.com/docs/service-accounts/ (ops_ + base64 JSON);
  // support.1password.com/secret-key-security/ (A3, the account id, 26 more: 34 characters in dashed groups).
  {
    id: "1password-token",
    description: "A 1Password service account token (ops_eyJ…) or account Secret Key (A3-XXXXXX-XXXXXX-XXXXX-…).",
    specificity: 2,
    keywords: ["ops_eyJ", "A3-"],
    anchored: true,
    pattern: new RegExp(`${START}(?<secret>ops_eyJ[A-Za-z0-9+/_-]{100,4096}={0,2}|A3-[A-Z0-9]{6}-[A-Z0-9]{6}(?:-[A-Z0-9]{5}){4})(?![A-Za-z0-9+/=_-])`, "g"),
    accept: (value) => (value.startsWith("ops_") ? randomTail(7, 4)(value) : randomTail(2, 3.5)(value.replace(/-/g, ""))),
  },
  // age-encryption.org/v1: an X25519 identity is Bech32 with the human-readable part AGE-SECRET-KEY-.
  {
    id: "age-secret-key",
    description: "An age encryption identity (AGE-SECRET-KEY-1…).",
    specificity: 2,
    keywords: ["AGE-SECRET-KEY-1"],
    anchored: true,
    pattern: token("AGE-SECRET-KEY-1", "[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
    accept: randomTail(16, 3.5),
  },
];
