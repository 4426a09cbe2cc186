// Reads the engine's packed memory snapshot (written by hooks/snapshotpack.py): gzip of
// MAGIC, u32 total, u32 count, count x (u32 offset, u32 length), then the ranges' bytes;
// everything else is zero. Throws on anything else, so the caller can boot normally.

const MAGIC = "TENDSNP1";

/** The snapshot's memory, from a gzipped packed stream (e.g. a fetch Response body). */
export async function unpackSnapshot(stream) {
  const inflated = stream.pipeThrough(new DecompressionStream("gzip"));
  const data = new Uint8Array(await new Response(inflated).arrayBuffer());
  if (data.length < 16 || String.fromCharCode(...data.subarray(0, 8)) !== MAGIC) {
    throw new Error("snapshot: not a packed snapshot");
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const total = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  let at = 16 + 8 * count;
  if (data.length < at) throw new Error("snapshot: truncated range table");
  const memory = new Uint8Array(total);
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(16 + 8 * i, true);
    const length = view.getUint32(20 + 8 * i, true);
    if (offset + length > total || at + length > data.length) throw new Error(`snapshot: range ${i} runs past the end`);
    memory.set(data.subarray(at, at + length), offset);
    at += length;
  }
  if (at !== data.length) throw new Error("snapshot: trailing bytes");
  return memory;
}
