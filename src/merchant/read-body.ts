/**
 * Reads a body stream up to `limit` bytes, never more: what the kit does with InPost's requests
 * and the client with InPost's answers, so neither can be made to buffer an unbounded body.
 * @internal
 * @returns the bytes read, and whether the body went over the limit (the stream is then cancelled
 *   and `bytes` holds what came before the chunk that crossed it)
 */
export async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return { bytes: Buffer.concat(chunks), tooLarge: true };
      }
      chunks.push(value);
    }
  }
  return { bytes: Buffer.concat(chunks), tooLarge: false };
}
