// Reads the engine's packed memory snapshot (written by hooks/snapshotpack.py): gzip of
// MAGIC, u32 total, u32 count, count x (u32 offset, u32 length), then the ranges' bytes;
// everything else is zero. Throws on anything else, so the caller can boot normally.

const MAGIC = "TENDSNP1";

// The snapshot saves a few hundred milliseconds of work, but it is the largest download
// (about 5 MB, beside the runtime's 6). On a link where it cannot arrive within this long,
// its bytes cost more time than it saves: better to boot without it.
export const BUDGET_MS = 2000;
// Judge the link only after this much, so that a slow first round trip does not count.
export const PROBE_BYTES = 512 * 1024;
export const PROBE_MS = 250;

/** Whether a download of `total` bytes, `received` of them after `elapsedMs`, is still
 *  on course to arrive within `budgetMs` of its start, at the rate seen so far. */
export function onCourse(received, total, elapsedMs, budgetMs = BUDGET_MS) {
  if (received >= total || received < PROBE_BYTES || elapsedMs < PROBE_MS) return true;
  return (elapsedMs * total) / received <= budgetMs;
}

/** The stream, passed through unchanged, that errors as soon as it falls off course:
 *  the download it reads is then cancelled. */
export function withinBudget(stream, total, budgetMs = BUDGET_MS) {
  const now = () => performance.now();
  const started = now();
  let received = 0;
  return stream.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (!onCourse(received, total, now() - started, budgetMs)) {
        controller.error(new Error(`snapshot: too slow a link (${received} of ${total} bytes in ${Math.round(now() - started)} ms)`));
        return;
      }
      controller.enqueue(chunk);
    },
  }));
}

// Read with a reader, not `new Response(stream)`: that turns any error into a bare
// "Failed to fetch", and the reason (e.g. a link too slow) is worth keeping.
async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  const data = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.byteLength;
  }
  return data;
}

/** The snapshot's memory, from a gzipped packed stream (e.g. a fetch Response body). */
export async function unpackSnapshot(stream) {
  const data = await readAll(stream.pipeThrough(new DecompressionStream("gzip")));
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
