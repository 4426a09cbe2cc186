// The scoring engine's module worker: boots Pyodide from the site itself, unpacks the
// `quizzes` wheel, then answers {id, op, payload} requests with {id, ok, result | error}.
// Python never runs on the page's main thread.
//
// Messages to the page:
//   {type: "status", state: "booting" | "ready"}
//   {type: "failed", reason: "download" | "wasm" | "python", detail}
//   {type: "reply", id, ok, result?, error?}

const ASSETS = new URL("../", import.meta.url);
const MANIFEST = new URL("engine/manifest.json", ASSETS);

let callJson = null;    // quizzes.api.call_json, once booted
const waiting = [];     // requests that arrived before the engine was ready
let failed = false;

function fail(reason, error) {
  if (failed || callJson) return;
  failed = true;
  postMessage({ type: "failed", reason, detail: String(error && error.message || error) });
}

// Pyodide logs a failed download or a refused WebAssembly compile and then waits forever.
// Watch both at the source, so the page hears about it at once instead of at the timeout.
const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  try {
    const response = await realFetch(input, init);
    if (!response.ok) fail("download", `${response.status} ${response.url}`);
    return response;
  } catch (error) {
    fail("download", error);
    throw error;
  }
};
for (const name of ["compile", "compileStreaming", "instantiate", "instantiateStreaming"]) {
  const real = typeof WebAssembly === "object" && WebAssembly[name];
  if (!real) continue;
  WebAssembly[name] = function (...args) {
    const result = real.apply(WebAssembly, args);
    // A failed streaming download is a download problem, anything else a refusal.
    result.catch((error) => fail(error instanceof TypeError ? "download" : "wasm", error));
    return result;
  };
}

async function fetchOk(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw Object.assign(new Error(`${what}: HTTP ${response.status}`), { reason: "download" });
  return response;
}

// A memory snapshot (made at build, after importing the engine) skips most of the boot.
// It is only a shortcut: if it is missing, damaged, refused, or arriving too slowly to pay
// for itself (snapshot-pack.js), boot the normal way. Skipped when the visitor asked to
// save data: it is the largest download (about 5 MB).
const SNAPSHOT_WAIT_MS = 20000;

function wantSnapshot(manifest) {
  return Boolean(manifest.snapshot && manifest.snapshot_bytes) && typeof DecompressionStream === "function"
    && !(self.navigator.connection && self.navigator.connection.saveData);
}

// Fetched around the watcher: a missing snapshot is not a failure of the engine.
async function snapshotBytes(url, size, signal) {
  const pack = import("./snapshot-pack.js");
  const response = await realFetch(url, { signal });
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const { unpackSnapshot, withinBudget } = await pack;
  return unpackSnapshot(withinBudget(response.body, size));
}

async function fromSnapshot(loadPyodide, options, manifest) {
  const download = new AbortController();
  let timer;
  const slow = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("snapshot: too slow")), SNAPSHOT_WAIT_MS);
  });
  try {
    const bytes = snapshotBytes(new URL(manifest.snapshot, MANIFEST), manifest.snapshot_bytes, download.signal);
    const pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: bytes }), slow]);
    return pyodide.pyimport("quizzes.api").call_json;  // imported before the snapshot was taken
  } catch (e) {
    download.abort();  // no more of its bytes on a link that has better uses for them
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function fromWheel(loadPyodide, options, manifest) {
  const wheel = fetchOk(new URL(manifest.wheel, MANIFEST), "engine package").then((r) => r.arrayBuffer());
  wheel.catch(() => {});  // reported when awaited below
  let pyodide;
  try {
    pyodide = await loadPyodide(options);
  } catch (e) {
    // WebAssembly refused, or the runtime's files did not arrive.
    throw Object.assign(e, { reason: /wasm|WebAssembly|compile/i.test(String(e)) ? "wasm" : "download" });
  }
  // Into site-packages, where an installed wheel belongs (the default is the cwd).
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel", { extractDir: sitePackages });
  return pyodide.pyimport("quizzes.api").call_json;
}

async function boot() {
  postMessage({ type: "status", state: "booting" });
  // Start the downloads at once: the runtime's JS and the manifest.
  const runtime = import(new URL("pyodide/pyodide.mjs", ASSETS).href).catch((e) => {
    throw Object.assign(e, { reason: "download" });
  });
  const manifest = await (await fetchOk(MANIFEST, "engine manifest")).json();
  const { loadPyodide } = await runtime;
  const indexURL = new URL(manifest.index, MANIFEST).href;
  const options = {
    indexURL,
    stdLibURL: new URL(manifest.stdlib, MANIFEST).href,
    lockFileContents: manifest.lock,
    packageBaseUrl: indexURL,
  };
  let call = null;
  if (wantSnapshot(manifest)) {
    try {
      call = await fromSnapshot(loadPyodide, options, manifest);
    } catch (e) {
      if (failed) return;
      console.warn("Tend engine: snapshot not used:", String(e && e.message || e));
    }
  }
  if (failed) return;
  callJson = call || await fromWheel(loadPyodide, options, manifest);
  postMessage({ type: "status", state: "ready", version: manifest.pyodide, snapshot: Boolean(call) });
  for (const message of waiting.splice(0)) answer(message);
}

function answer({ id, op, payload }) {
  let reply;
  try {
    reply = JSON.parse(callJson(op, JSON.stringify(payload)));
  } catch (e) {
    reply = { ok: false, error: { type: "internal", message: "", items: [], detail: String(e) } };
  }
  postMessage({ type: "reply", id, ...reply });
}

self.onmessage = (event) => {
  const message = event.data;
  if (!message || typeof message.id !== "number") return;
  if (callJson) answer(message);
  else waiting.push(message);
};

if (typeof WebAssembly !== "object") {
  fail("no-wasm", "WebAssembly is not available");
} else {
  boot().catch((e) => fail(e && e.reason || "python", e));
}
