/**
 * Keys and tokens of clouds and infrastructure: private keys in PEM and other encodings, AWS,
 * Azure, HashiCorp Vault and Terraform, Doppler, Dynatrace, and signed JWTs. Each rule names the
 * page that documents its format; the regexes are Junction's own.
 */
import type { PatternRule } from "./ruleTypes.ts";
import { decodeBase64, token } from "./tokenPattern.ts";
import { looksLikePlaceholder, randomTail, shannonEntropy } from "./valueTests.ts";

/** SAS parameters that travel with `sig=` (learn.microsoft.com/rest/api/storageservices/create-service-sas). */
const SAS_PARAMETER = /[?&;](?:sv|se|sp|sr|spr|st|srt|ss)=/;

export const KEY_MATERIAL: readonly PatternRule[] = [
  {
    id: "private-key",
    description: "A PEM private key block (RSA, EC, DSA, OpenSSH, PGP, PKCS#8), markers included.",
    specificity: 3,
    keywords: ["-----BEGIN "],
    anchored: true,
    // The body cannot contain `-----`, so it stops at the first marker: an unclosed BEGIN
    // costs one pass over its own body, never a scan to the end of the text.
    pattern:
      /(?<secret>-----BEGIN (?<kind>(?:[A-Z0-9]{1,16} ){0,3})PRIVATE KEY(?<block> BLOCK)?-----(?<body>(?:[^-]|-(?!----)){32,}?)-----END \k<kind>PRIVATE KEY\k<block>-----)/g,
    accept: (_value, match) => (match.groups?.["body"]?.match(/[A-Za-z0-9+/]/g)?.length ?? 0) >= 40,
  },
  // A PEM private key, base64-encoded once more: Kubernetes Secret data, kubeconfig client-key-data.
  // LS0tLS1CRUdJTi is `-----BEGIN` in base64.
  {
    id: "private-key-base64",
    description: "A PEM private key encoded in base64 (LS0tLS1CRUdJTi…), as Kubernetes secrets and kubeconfig files hold it.",
    specificity: 3,
    keywords: ["LS0tLS1CRUdJTi"],
    anchored: true,
    pattern: /(?<![A-Za-z0-9+/])(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,12000}={0,2})(?![A-Za-z0-9+/=])/g,
    accept: (value) => /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(decodeBase64(value.slice(0, 80)) ?? ""),
  },
  // the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html: the private half is the base64
  // lines after `Private-Lines: n`.
  {
    id: "putty-private-key",
    description: "The private lines of a PuTTY key file (.ppk).",
    specificity: 3,
    keywords: ["Private-Lines:"],
    anchored: true,
    pattern: /Private-Lines:[ \t]*\d{1,3}\r?\n(?<secret>[A-Za-z0-9+/=]{1,128}(?=\r?\n|$)(?:\r?\n[A-Za-z0-9+/=]{1,128}(?=\r?\n|$)){0,300})/g,
    accept: (value) => value.length >= 40 && shannonEntropy(value) >= 4,
  },
  // datatracker.ietf.org/doc/html/rfc7519: header.payload.signature, each base64url.
  {
    id: "jwt",
    description: "A signed JSON Web Token (eyJ….eyJ….signature).",
    specificity: 2,
    keywords: ["eyJ"],
    anchored: true,
    // `.` separates the segments and no segment class contains it, so each run is read once.
    pattern: token("eyJ", String.raw`[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`),
  },
];

export const CLOUD_TOKENS: readonly PatternRule[] = [
  // docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
  {
    id: "aws-access-key-id",
    description: "An AWS access key id (AKIA…, ASIA…); AWS's documented …EXAMPLE id is not.",
    specificity: 2,
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    anchored: true,
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/g,
    accept: (value) => !value.endsWith("EXAMPLE") && shannonEntropy(value) >= 3,
  },
  // docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
  {
    id: "aws-secret-access-key",
    description: "A 40-character AWS secret access key assigned to an aws…secret / secret_access_key name.",
    specificity: 2,
    keywords: ["secret"],
    keywordsIgnoreCase: true,
    pattern:
      /(?<key>aws[\w.-]{0,24}?secret|secret[_.-]?access[_.-]?key)[\w.-]{0,16}["'`]?\]?[ \t]{0,8}(?:=>|={1,3}|:=|:|,)[ \t]{0,8}["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    accept: (value) => !/example/i.test(value) && /\d/.test(value) && shannonEntropy(value) >= 4,
    foundByContext: true,
  },
  // docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html (SessionToken);
  // AWS_SESSION_TOKEN / aws_session_token in env and credentials files, x-amz-security-token in requests.
  {
    id: "aws-session-token",
    description: "An AWS STS session token (hundreds of base64 characters) under an aws_session_token / SessionToken / x-amz-security-token name.",
    specificity: 2,
    keywords: ["session", "security"],
    keywordsIgnoreCase: true,
    pattern:
      /(?<![A-Za-z0-9])(?:aws[_.-]?)?(?:session|security)[_.-]?token["'`]?\]?[ \t]{0,8}(?:=>|={1,3}|:=|:|,)[ \t]{0,8}["'`]?(?<secret>[A-Za-z0-9/+]{100,4096}={0,2})(?![A-Za-z0-9/+=])/gi,
    accept: (value) => shannonEntropy(value) >= 4.5,
    foundByContext: true,
  },
  // learn.microsoft.com/rest/api/storageservices/create-service-sas#specify-the-signature:
  // sig= is an HMAC-SHA256 in base64 (44 characters), URL-encoded.
  {
    id: "azure-sas-signature",
    description: "The signature of an Azure shared access signature URL or connection string (sig=…).",
    specificity: 2,
    keywords: ["sig="],
    anchored: true,
    pattern: /(?<=[?&;])sig=(?<secret>[A-Za-z0-9%+/=]{40,128})(?![A-Za-z0-9%+/=])/g,
    accept: (value, match, text) => {
      let signature: string;
      try {
        signature = decodeURIComponent(value);
      } catch {
        return false;
      }
      return (
        /^[A-Za-z0-9+/]{43}=?$/.test(signature) &&
        shannonEntropy(signature) >= 4 &&
        SAS_PARAMETER.test(text.slice(Math.max(0, match.index - 400), match.index + 200))
      );
    },
  },
  // learn.microsoft.com/purview/sit-defn-azure-ad-client-secret: 3 characters, a digit, Q~, the rest.
  {
    id: "azure-ad-client-secret",
    description: "A Microsoft Entra (Azure AD) application client secret (…8Q~…).",
    specificity: 2,
    keywords: ["Q~"],
    anchored: true,
    anchorOffset: 4,
    pattern: /(?<![\w~.-])(?<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/g,
    accept: (value) => shannonEntropy(value.slice(6)) >= 3.8 && !looksLikePlaceholder(value.slice(6)),
  },
  // developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes: service hvs., batch hvb., recovery hvr.
  // The pre-1.10 `s.` + 24 characters is too short and too generic to tell from code.
  {
    id: "vault-token",
    description: "A HashiCorp Vault service, batch or recovery token (hvs., hvb., hvr.).",
    specificity: 2,
    keywords: ["hvs.", "hvb.", "hvr."],
    anchored: true,
    pattern: token(String.raw`hv[sbr]\.`, "[A-Za-z0-9_-]{24,1024}"),
    accept: randomTail(4, 3.5),
  },
  // developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens: <14>.atlasv1.<secret>
  {
    id: "terraform-cloud-token",
    description: "A Terraform Cloud / Enterprise API token (….atlasv1.…).",
    specificity: 2,
    keywords: [".atlasv1."],
    anchored: true,
    anchorOffset: 14,
    pattern: /(?<![A-Za-z0-9])(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/g,
    accept: randomTail(23, 4),
  },
  // docs.doppler.com/reference/auth-token-formats: dp.pt. personal, dp.st. service (optionally
  // dp.st.<config>.), dp.sa. service account, dp.ct. CLI, dp.scim., dp.audit.
  {
    id: "doppler-token",
    description: "A Doppler personal, service, service account, CLI, SCIM or audit token (dp.pt., dp.st., dp.sa., dp.ct. …).",
    specificity: 2,
    keywords: ["dp."],
    anchored: true,
    pattern: token(String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.`, String.raw`(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,64}`),
    accept: (value) => randomTail(value.lastIndexOf(".") + 1, 4)(value),
  },
  // docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication: prefix, a 24-character
  // public portion, a 64-character secret portion.
  {
    id: "dynatrace-token",
    description: "A Dynatrace API, PaaS or platform token (dt0c01.<public>.<secret>).",
    specificity: 2,
    keywords: ["dt0"],
    anchored: true,
    pattern: token(String.raw`dt0[a-z]\d{2}\.`, String.raw`[A-Z0-9]{24}\.[A-Z0-9]{64}`),
    accept: randomTail(32, 3.5),
  },
];
