/**
 * Rules that know a value is a secret from what surrounds it: a secret-looking name assigned a
 * value in code or configuration, a URL's user-info, a command line's credentials, an
 * Authorization header, an XML or manifest name/value pair.
 */
import type { PatternRule } from "./ruleTypes.ts";
import { decodeBase64 } from "./tokenPattern.ts";
import { isSecretName, nameStart } from "./names.ts";
import {
  hasDigit,
  isHexToken,
  isHighEntropy,
  isUuid,
  looksLikePlaceholder,
  looksLikeRandomLetters,
  looksLikeReference,
  looksLikeReferenceOrPlaceholder,
  meanWordLength,
  shannonEntropy,
} from "./valueTests.ts";

/** The longest value a named rule reads: longer values (blobs) are not matched; reading stays linear. */
const LONG = 4096;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** `API_KEY_V2`, `max_retry_count`, `Http_Client`: words joined by `_`, each in one casing. */
const SNAKE_CASE_NAME = /^_*(?:[A-Z]+|[a-z]+|[A-Z][a-z]+)\d*(?:_+(?:[A-Z]+|[a-z]+|[A-Z][a-z]+)?\d*)+$/;
/** Operators no token contains: `!flag`, `a?.b`, `x ?? y`, `a || b`, `n++` (base64 holds `++` inside, not at an end). */
const OPERATOR = /^[!#]|\?\.|\?\?|\|\||&&|^\+\+|\+\+$/;
/** A member access: `this.#key`, `options.xml.charKey`, `r.C0.ESC`. */
const MEMBER_ACCESS = /[A-Za-z_$\])]\.#?[A-Za-z_$]/;

/**
 * Unquoted, a value in code is an expression, not a literal: `token = accessToken2`,
 * `auth = X509WorkloadIdentityAuth`, `key = e.ctrlKey ? a : b`. An identifier-shaped value is
 * still a secret when it is random: hex with digits, or short pieces and nearly every character
 * different (a random 24-character value passes 99 times in 100).
 */
function looksLikeCode(value: string): boolean {
  if (IDENTIFIER.test(value)) {
    if (SNAKE_CASE_NAME.test(value)) return true;
    if (value.length >= 16 && isHexToken(value) && shannonEntropy(value) >= 2.75) return false;
    // Names are made of words (`accessToken2`: 4 characters a piece); random characters break
    // into short pieces, which a name rarely does.
    if (!hasDigit(value)) return !looksLikeRandomLetters(value);
    if (meanWordLength(value) >= 4) return true;
    return shannonEntropy(value) < Math.min(3.8, Math.log2(value.length) - 0.6);
  }
  if (OPERATOR.test(value)) return true;
  return MEMBER_ACCESS.test(value) && !(value.length >= 20 && shannonEntropy(value) >= 4.5);
}

/** `key`, `id`: names of records and list items, which hold UUIDs far more often than secrets. */
const RECORD_NAME = /(?:^|[^A-Za-z])(?:key|id)$/i;

/** The value test every named rule shares: not a template or a pointer, not code, random enough. */
export function acceptNamedValue(value: string, bare: boolean, name: string): boolean {
  if (looksLikeReferenceOrPlaceholder(value)) return false;
  if (bare && looksLikeCode(value)) return false;
  if (isUuid(value) && RECORD_NAME.test(name)) return false;
  return isHighEntropy(value);
}

const VALUE_CHAR = new Uint8Array(128);
for (let code = 33; code < 127; code += 1) VALUE_CHAR[code] = 1;
for (const char of "\"'`,;<>(){}[]\\") VALUE_CHAR[char.charCodeAt(0)] = 0;
/** After a bare value, one of these makes it part of an expression (`f(token=x)`, `a[token=b]`). */
const EXPRESSION_AFTER = "(){}[]>";

/** The value stopped at the length bound: the text goes on with value characters. */
function valueContinues(text: string, end: number): boolean {
  const next = text.charCodeAt(end);
  return next < 128 && VALUE_CHAR[next] === 1;
}

/** The bare value stopped at the length bound, or inside an expression: not a whole literal. */
function bareValueIsCut(text: string, end: number): boolean {
  return valueContinues(text, end) || (end < text.length && EXPRESSION_AFTER.includes(text.charAt(end)));
}

/** `"password": "…"` then `:` — the quoted "value" is the next key (`{"password", "next": …}`), not a value. */
function isKeyPosition(text: string, afterClosingQuote: number): boolean {
  let i = afterClosingQuote;
  while (text.charAt(i) === " " || text.charAt(i) === "\t") i += 1;
  return text.charAt(i) === ":" && text.charAt(i + 1) !== ":";
}

const BASIC_BEFORE = /basic[ \t]+$/i;

/** `public key: age1…`, `Public Key = …`: the word before the name makes it public. */
const PUBLIC_BEFORE = /\bpub(?:lic)?[ \t]$/i;

function acceptAssignment(value: string, match: RegExpExecArray, text: string): boolean {
  const groups = match.groups ?? {};
  const bare = groups["bare"] !== undefined;
  const end = match.index + match[0].length;
  // After a comma only a quoted pair is an assignment, `set("token", "…")`; not `f(token, x)`
  // nor a list `["cdkey"], "application/…"`.
  // Backticks around both (`\`DB_PASSWORD\`, \`API_KEY_V2\``) are code spans in a comment or a document.
  if (groups["op"] === "," && (bare || !/^["']$/.test(groups["close"] ?? ""))) return false;
  if (bare ? bareValueIsCut(text, end) : isKeyPosition(text, end + 1)) return false;
  const start = nameStart(text, match.index);
  const name = text.slice(start, match.index + (groups["key"]?.length ?? 0));
  if (!isSecretName(name) || (text.charAt(start - 1) === " " && PUBLIC_BEFORE.test(text.slice(Math.max(0, start - 8), start)))) return false;
  // Between colons a name is a segment of a URN or a path (`urn:ietf:params:oauth:grant-type`).
  if (groups["op"] === ":" && text.charAt(start - 1) === ":") return false;
  const valueStart = end - value.length;
  if (/[ \t]/.test(text.charAt(valueStart - 1)) && BASIC_BEFORE.test(text.slice(Math.max(0, valueStart - 8), valueStart))) return isBasicCredential(value);
  // In a list (`["password", "passwordConfirmation"]`) the next item is as likely a name as a value.
  return acceptNamedValue(value, bare || groups["op"] === ",", name);
}

const SCHEME = String.raw`(?:(?:bearer|basic|token|digest)[ \t]+)?`;
/**
 * Values the regex itself turns down, before a match is built: environment lookups, templates,
 * masks, the commonest placeholders and dotted paths or calls (`process.env.X`, `${X}`, `{{ x }}`,
 * `$X`, `<token>`, `xxxxxx…`, `changeme`, `your-…`, `config.db.password`, `settings.get(`). Each
 * is also turned down by acceptNamedValue (or, like `XxXxXx…`, is no secret either way), so this
 * only saves work; a file of assignments holds many.
 */
const NOT_A_LITERAL = String.raw`(?!["'\x60]?(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|System\.getenv|Deno\.env|ENV\[|\$env:|\$\{|\{\{|\$\(|#\{|<[^\s"'\x60<>]{1,64}>(?:["'\x60\s,;)\]}]|$)|<%|%\(|\$[A-Za-z_]|x{6}|\*{6}|change[_-]?me|your[_-]|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$-]*)+(?:["'\x60\s,;()\]}]|$)))`;
const GENERIC_ASSIGNMENT = new RegExp(
  [
    // The keyword and the rest of the name; the name's start is found by scanning back.
    String.raw`(?<key>(?:key|secret|token|pass|pwd|auth|credential|creds)[\w.-]{0,30})`,
    // The quote or bracket closing the key: `"api_key":`, `config['token'] =`.
    String.raw`(?<close>["'\x60]?\]?)[ \t]{0,8}`,
    // A type: `api_key: str =`, `const token: string =`, `const KEY: &str =`, Go's `var key string =`.
    String.raw`(?::[ \t]{0,8}[&A-Za-z_][\w.<>\[\]|,&' ]{0,40}?(?==)|(?:string|\[\]byte)[ \t]{0,8}(?==))?`,
    String.raw`(?<op>=>|!==?|={1,3}|::?=|:|\?\?=?|\|\|=?|\?=|,|>)[ \t]{0,8}${NOT_A_LITERAL}`,
    // The value: a string literal (its closing quote a lookahead, so the value ends the match),
    // or a bare word, which acceptAssignment checks ends where a word should.
    String.raw`(?:"${SCHEME}(?<dq>[^\s"\\]{8,${LONG}})(?=")`,
    String.raw`|'${SCHEME}(?<sq>[^\s'\\]{8,${LONG}})(?=')`,
    String.raw`|\x60${SCHEME}(?<bq>[^\s\x60\\$]{8,${LONG}})(?=\x60)`,
    String.raw`|${SCHEME}(?<bare>[^\s"'\x60,;<>(){}\[\]\\]{8,${LONG}}))`,
  ].join(""),
  "gi",
);

/** Passwords that documentation writes into URLs: `user:pass@`, `guest:guest@`, `root:secret@`. */
const URL_DOC_PASSWORD =
  /^(?:p[a@]ss|p[a@]sswd|p[a@]ssw[o0]rd|pwd|pw|secret|token|root|guest|admin|user|username|test|postgres|mysql|redis|changeme|x{3,}|\*+)\d{0,3}$/i;

/** `user:pass`, after `-u`/`--user` or in a URL: a credential unless it is a doc example, a template or a port. */
function acceptUserPassword(value: string, match: RegExpExecArray): boolean {
  const user = match.groups?.["user"] ?? "";
  if (value.length < 3 || /^\d{1,5}$/.test(value)) return false;
  if (value === user || URL_DOC_PASSWORD.test(value) || looksLikePlaceholder(value)) return false;
  return !/^\d+$/.test(user) || !/^\d+$/.test(value); // `-u 1000:1000` is a uid and gid
}

/** The word after `Basic` is base64 of `user:password`: a secret unless the password is a doc example. */
function isBasicCredential(value: string): boolean {
  const decoded = decodeBase64(value) ?? "";
  const colon = decoded.indexOf(":");
  const password = decoded.slice(colon + 1);
  return colon >= 0 && password.length >= 3 && !URL_DOC_PASSWORD.test(password) && !looksLikePlaceholder(password);
}

function acceptAuthorization(value: string, match: RegExpExecArray): boolean {
  // A dotted token (`abc.def.ghi`) reads like a member path; in a header it is one only when
  // its pieces are words (`config.auth.token`).
  if (looksLikePlaceholder(value) || (looksLikeReference(value) && meanWordLength(value) >= 3.3)) return false;
  if ((match.groups?.["scheme"] ?? "").toLowerCase() === "basic") return isBasicCredential(value);
  return value.length >= 16 ? shannonEntropy(value) >= 3 : isHighEntropy(value);
}

function acceptPairedName(groupNames: readonly string[]) {
  return (value: string, match: RegExpExecArray, text: string): boolean => {
    const name = groupNames.map((group) => match.groups?.[group]).find((group) => group !== undefined) ?? "";
    if (!isSecretName(name)) return false;
    if (match.groups?.["v3"] !== undefined && valueContinues(text, match.index + match[0].length)) return false;
    return acceptNamedValue(value, false, name);
  };
}

export const NAMED_VALUE_RULES: readonly PatternRule[] = [
  {
    id: "url-credentials",
    description: "The password in a URL's user-info, any characters up to the last @ before the host (postgres://user:p@ss@host).",
    specificity: 1.5,
    keywords: ["://"],
    anchored: true,
    // The password runs to the last `@` that a host follows: the greedy run backs off to it.
    pattern: /(?<=[A-Za-z0-9]):\/\/(?<user>[^\s:@/"'`<>]{0,128}):(?<secret>[^\s/"'`<>?]{1,256})(?=@[^\s@/"'`<>])/g,
    accept: acceptUserPassword,
    foundByContext: true,
  },
  {
    id: "cli-credentials",
    description: "Credentials on a command line: curl/wget -u user:password, --user, and --password/--token/--api-key values.",
    specificity: 1.5,
    keywords: ["-u", "--"],
    pattern:
      /(?<![\w-])(?:(?:-u|--user)(?:[ \t]+|=)["']?(?<user>[^\s:"'$]{1,64}):(?<secret>[^\s"'\x60,;]{1,256})|--(?<flag>[A-Za-z][\w-]{0,40})(?:[ \t]+|=)["']?(?<value>[^\s"'\x60-][^\s"'\x60]{0,4095}))/g,
    valueGroups: ["secret", "value"],
    accept: (value, match, text) => {
      const flag = match.groups?.["flag"];
      if (flag === undefined) return acceptUserPassword(value, match);
      return isSecretName(flag) && !bareValueIsCut(text, match.index + match[0].length) && acceptNamedValue(value, true, flag);
    },
    foundByContext: true,
  },
  // docs.docker.com/reference/dockerfile/#env: the legacy `ENV <key> <value>` form, without `=`.
  {
    id: "dockerfile-env",
    description: "A secret-looking name set by a Dockerfile ENV instruction in its space-separated form (ENV API_KEY value).",
    specificity: 1,
    keywords: ["ENV "],
    pattern: /^[ \t]*ENV[ \t]+(?<name>[A-Za-z_]\w{0,63})[ \t]+(?<secret>[^\s"'=][^\s]{0,4095})(?=[ \t]*\r?$)/gm,
    accept: (value, match) => isSecretName(match.groups?.["name"] ?? "") && acceptNamedValue(value, true, match.groups?.["name"] ?? ""),
    foundByContext: true,
  },
  {
    id: "name-value-pair",
    description:
      'A value paired with a secret-looking name: XML <add key="…Password" value="…"/>, <property name=… value=…/>, <entry key=…>…</entry>, .NET <setting name=…><value>…</value>, and name:/value: pairs of Kubernetes, ECS and CI env lists.',
    specificity: 1.5,
    keywords: ["value", "entry"],
    keywordsIgnoreCase: true,
    pattern: new RegExp(
      [
        // <add key="DbPassword" value="…"/>, <property name="db.password" serializeAs="String" value="…"/>
        String.raw`\b(?:key|name)[ \t]*=[ \t]*["'](?<n1>[^"'<>\s]{1,80})["'](?:[ \t\r\n]{1,8}[\w:.-]{1,40}[ \t]*=[ \t]*["'][^"'<>]{0,80}["']){0,3}[ \t\r\n]{1,8}value[ \t]*=[ \t]*["'](?<v1>[^"'<>\s]{1,${LONG}})(?=["'])`,
        // <entry key="apiKey">…</entry>, <setting name="ApiKey" serializeAs="String"><value>…</value>
        String.raw`|\b(?:key|name)[ \t]*=[ \t]*"(?<n2>[^"<>\s]{1,80})"[^<>]{0,80}>[ \t\r\n]{0,40}(?:<value>[ \t\r\n]{0,8})?(?<v2>[^<>\s]{1,${LONG}})(?=[ \t\r\n]{0,8}</)`,
        // - name: DB_PASSWORD⏎  value: "…"   /   {"name": "DB_PASSWORD", "value": "…"}
        String.raw`|\bname["']?[ \t]*[:=][ \t]*["']?(?<n3>[\w.-]{1,80})["']?[ \t]*(?:,[ \t]*|\r?\n[ \t]*(?:-[ \t]+)?)["']?value["']?[ \t]*[:=][ \t]*["']?(?<v3>[^\s"'<>,}]{1,${LONG}})`,
      ].join(""),
      "gi",
    ),
    valueGroups: ["v1", "v2", "v3"],
    accept: acceptPairedName(["n1", "n2", "n3"]),
    foundByContext: true,
  },
  // datatracker.ietf.org/doc/html/rfc9110#name-authorization
  {
    id: "authorization-header",
    description: "The credentials of an Authorization header (Bearer, Basic, Token, Bot, ApiKey, SSWS), whatever their shape.",
    specificity: 1.5,
    keywords: ["authorization"],
    keywordsIgnoreCase: true,
    pattern:
      /(?<![\w-])(?:proxy-)?authorization["'`]?\]?[ \t]{0,8}[:=,][ \t]{0,8}["'`]?(?<scheme>bearer|basic|token|bot|apikey|ssws)[ \t]+(?<secret>[A-Za-z0-9._~+/=:-]{8,4096})/gi,
    accept: acceptAuthorization,
    foundByContext: true,
  },
  {
    id: "generic-secret",
    description:
      "A key/secret/token/password/auth/credential name (qualifiers such as _PROD, _V2, _B64 allowed) assigned a high-entropy value (≥ 3.5 bits/char, ≥ 3 for hex) in code, JSON, YAML, .env, Go, Rust or XML.",
    specificity: 1,
    keywords: ["key", "secret", "token", "pass", "pwd", "auth", "credential", "creds"],
    keywordsIgnoreCase: true,
    pattern: GENERIC_ASSIGNMENT,
    valueGroups: ["dq", "sq", "bq", "bare"],
    accept: acceptAssignment,
    foundByContext: true,
  },
];
