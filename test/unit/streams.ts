/** Collects a stream, bounded so a broken fake fails the test instead of hanging it. */
export async function collect<T>(stream: AsyncIterable<T>, limit = 100): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) {
    parts.push(part);
    if (parts.length >= limit) break;
  }
  return parts;
}
