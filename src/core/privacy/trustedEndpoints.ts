import picomatch from "picomatch/posix.js";
import type { EndpointReason } from "./privacyReasons.ts";

/**
 * Whether the local side's server may see private code. A model server on this machine
 * (loopback) may; a server elsewhere — a team's vLLM box, a colleague's LM Studio — only when the
 * user lists it in `junction.privacy.trustedEndpoints` (user settings only). Anything else is, for
 * the privacy rules, as public as a cloud API.
 */

export interface EndpointTrust {
  private: boolean;
  /** Why, as a code: privacyWords.ts words it for the route's reasons and the log. */
  reason: EndpointReason;
}

/**
 * 127.0.0.0/8, ::1, IPv4-mapped loopback (`::ffff:127.x.y.z`) and `localhost`. Not `*.localhost`
 * nor /etc/hosts aliases: some resolvers send those to DNS, and DNS can answer anything.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost") return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = host.startsWith("::ffff:") ? host.slice("::ffff:".length) : host;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v4);
}

/**
 * A trusted entry is a host, `host:port`, a glob of either (`*.inference.internal`), or a whole
 * URL, of which only the host and port count.
 */
function entryPattern(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  if (!trimmed.includes("://")) return trimmed.replace(/\/.*$/, "");
  try {
    return new URL(trimmed).host;
  } catch {
    return trimmed;
  }
}

export function endpointTrust(endpoint: string, trustedEndpoints: readonly string[]): EndpointTrust {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { private: false, reason: { code: "not-a-url", endpoint } };
  }
  if (isLoopbackHost(url.hostname)) return { private: true, reason: { code: "this-machine", host: url.host } };
  const hostname = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const candidates = [hostname, `${hostname}:${port}`];
  const match = trustedEndpoints.find((entry) => {
    const pattern = entryPattern(entry);
    if (pattern === "") return false;
    // A pattern with a port must match host and port; one without matches the host on any port.
    const isMatch = picomatch(pattern, { nocase: true, dot: true });
    return candidates.some((candidate) => isMatch(candidate));
  });
  if (match !== undefined) return { private: true, reason: { code: "listed", host: url.host, entry: match } };
  return { private: false, reason: { code: "not-listed", host: url.host } };
}
