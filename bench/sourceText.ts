// Texts the benchmarks scan: ordinary TypeScript (a service module that mentions keys, tokens
// and auth the way real code does) and dense configuration where nearly every line assigns a
// secret-looking name. Seeded, so every run measures the same bytes.
import { ALPHANUMERIC, randomText } from "./measure.ts";

/** One block of an ordinary TypeScript service module; `n` varies the names so blocks differ. */
export function codeBlock(n: number): string {
  return `
/** Loads order ${n} with its lines and applies the customer's discounts. */
export async function loadOrder${n}(db: Database, orderId: string, signal?: AbortSignal): Promise<Order> {
  const row = await db.query<OrderRow>("SELECT * FROM orders WHERE id = $1", [orderId], { signal });
  if (!row) throw new NotFoundError({ kind: "order", id: orderId });
  const lines = await db.query<OrderLineRow[]>("SELECT * FROM order_lines WHERE order_id = $1", [orderId]);
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const discount = row.customerTier === "gold" ? subtotal * 0.1 : 0;
  logger.debug(\`order \${orderId}: \${lines.length} lines, subtotal \${subtotal}\`);
  return { id: row.id, customerId: row.customer_id, lines: lines.map(toOrderLine), total: subtotal - discount };
}

export class OrderCache${n} {
  private readonly entries = new Map<string, { order: Order; expires: number }>();
  constructor(private readonly clock: Clock, private readonly ttlMs = 30_000) {}
  get(id: string): Order | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.expires < this.clock.now()) return undefined;
    return entry.order;
  }
  set(order: Order): void {
    this.entries.set(order.id, { order, expires: this.clock.now() + this.ttlMs });
  }
}

const headers${n} = { Authorization: \`Bearer \${await secrets.get("api.token")}\`, "Content-Type": "application/json" };
for (const [key, value] of Object.entries(settings)) logger.debug(\`setting \${key}\`, value);
`;
}

/** About `bytes` of TypeScript with exactly two hard-coded secrets, a third and two thirds of the way in. */
export function sourceWithTwoSecrets(bytes: number, seed: number): string {
  const random = randomText(seed);
  const secrets = [`const GITHUB_TOKEN = "ghp_${random(36)}";`, `export const stripe = new Stripe("sk_live_${random(24)}", { apiVersion: "2024-06-20" });`];
  const blocks: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n += 1) {
    const block = codeBlock(seed * 1_000 + n);
    blocks.push(block);
    size += block.length;
  }
  const third = Math.floor(blocks.length / 3);
  blocks.splice(2 * third, 0, `${secrets[1]}\n`);
  blocks.splice(third, 0, `${secrets[0]}\n`);
  return blocks.join("").slice(0, bytes);
}

/** About `bytes` of ordinary code without a single secret: the common case of a cloud request. */
export function ordinaryCode(bytes: number, seed: number): string {
  const blocks: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n += 1) {
    const block = codeBlock(seed * 1_000 + n);
    blocks.push(block);
    size += block.length;
  }
  return blocks.join("").slice(0, bytes);
}

const HEX = "0123456789abcdef";
const BASE64 = `${ALPHANUMERIC}+/`;

/**
 * About `bytes` of configuration in which every line assigns a secret-looking name (.env, YAML,
 * JSON, TypeScript, Python, Go, XML, shell, CI), the worst case for name-based rules: one line
 * in `secretEvery` holds a secret, the others references, templates, placeholders, ids and
 * short words.
 */
export function denseAssignments(bytes: number, seed: number, secretEvery: number): string {
  const random = randomText(seed);
  const secret = (n: number): string =>
    [() => random(32), () => random(32, HEX), () => random(40, BASE64), () => `ghp_${random(36)}`, () => `${random(12)}!${random(6)}`][n % 5]?.() ?? "";
  const notSecret = (n: number): string =>
    [
      () => `process.env.API_TOKEN_${n}`,
      () => "${{ secrets.DEPLOY_TOKEN }}",
      () => "changeme",
      () => `${random(8, HEX)}-${random(4, HEX)}-4${random(3, HEX)}-a${random(3, HEX)}-${random(12, HEX)}`,
      () => "your-api-key-here",
      () => `config.auth.token${n % 7}`,
      () => "${DB_PASSWORD}",
      () => `session-${n % 97}`,
      () => "<password>",
      () => "xxxxxxxxxxxxxxxx",
      () => `settings.get("api.key.${n % 13}")`,
      () => "true",
    ][n % 12]?.() ?? "";
  const lines = [
    (n: number, v: string) => `STRIPE_API_KEY_${n % 9}=${v}`,
    (n: number, v: string) => `  db_password_${["prod", "dev", "test"][n % 3]}: ${v}`,
    (n: number, v: string) => `  "auth_token_${n % 5}": "${v}",`,
    (n: number, v: string) => `const sessionSecret${n % 11} = "${v}";`,
    (n: number, v: string) => `API_KEY_${n % 7} = "${v}"`,
    (n: number, v: string) => `var signingKey${n % 3} string = "${v}"`,
    (n: number, v: string) => `<add key="ApiKey${n % 4}" value="${v}" />`,
    (n: number, v: string) => `export GITHUB_TOKEN_${n % 6}="${v}"`,
    (n: number, v: string) => `      CLIENT_SECRET: ${v}`,
    (n: number, v: string) => `headers["Authorization"] = "Bearer ${v}";`,
  ];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const value = i % secretEvery === secretEvery - 1 ? secret(Math.floor(i / secretEvery)) : notSecret(i);
    // The shape shifts by one every round, so secrets land in every shape whatever `secretEvery` is.
    const line = lines[(i + Math.floor(i / lines.length)) % lines.length]?.(i, value) ?? "";
    out.push(line);
    size += line.length + 1;
  }
  return out.join("\n").slice(0, bytes);
}
