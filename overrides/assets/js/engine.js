// One scoring engine per visit: a module worker running Python (Pyodide) off the main thread.
//
//   import { getEngine } from "./engine.js";
//   const engine = getEngine();            // starts the worker the first time
//   engine.addEventListener("status", (e) => show(e.detail));   // {state, reason, message}
//   await engine.ready;                    // rejects with {type: "engine", reason, message}
//   const result = await engine.call("attachment.score", {definition, answers});
//       // rejects with {type, message, items} (a QuizError from Python, or "engine")
//
// States: "starting" -> "booting" -> "ready", or "failed" (reason: "file", "no-wasm",
// "wasm", "download", "timeout", "crashed"). After a timeout the worker keeps going:
// if it gets there in the end, the state becomes "ready" after all.
// Modules run once per visit, so the engine survives Material's instant navigation.

const WORKER_URL = new URL("./engine-worker.js", import.meta.url);
// Generous: a first visit downloads about 6 MB. Tests and the bench may shorten it.
const BOOT_TIMEOUT_MS = globalThis.TEND_ENGINE_TIMEOUT_MS || 60000;

export const FAILURES = {
  file: "This page was opened from a file on your device, and browsers do not let the scoring engine start that way. Open the site from its web address to have your answers scored.",
  "no-wasm": "This browser cannot run the scoring engine: it needs WebAssembly, which is switched off or not supported here.",
  wasm: "This browser refused to start the scoring engine (its WebAssembly part was blocked).",
  download: "Part of the scoring engine could not be downloaded. Check your connection, then reload the page to try again.",
  timeout: "The scoring engine is taking too long to start. It may still get there; you do not need to wait for it.",
  crashed: "The scoring engine stopped unexpectedly. Reloading the page usually fixes this.",
};

class Engine extends EventTarget {
  constructor() {
    super();
    this.state = "starting";
    this.reason = null;
    this.nextId = 1;
    this.pending = new Map();
    this.worker = null;
    this.startedAt = performance.now();
    performance.mark("tend-engine-start");  // read by scripts/bench.py
    this.readyAt = null;
    this.start();
  }

  get message() {
    return this.state === "failed" ? FAILURES[this.reason] || FAILURES.crashed : "";
  }

  /** A promise for the engine being ready; rejects if it has failed (or fails). */
  get ready() {
    if (this.state === "ready") return Promise.resolve(this);
    if (this.state === "failed") return Promise.reject(this.failure());
    return new Promise((resolve, reject) => {
      const settle = () => {
        if (this.state === "ready") resolve(this);
        else if (this.state === "failed") reject(this.failure());
        else return;
        this.removeEventListener("status", settle);
      };
      this.addEventListener("status", settle);
    });
  }

  failure() {
    return { type: "engine", reason: this.reason, message: this.message, items: [] };
  }

  setState(state, reason = null) {
    if (this.state === state && this.reason === reason) return;
    this.state = state;
    this.reason = reason;
    if (state === "ready") {
      this.readyAt = performance.now();
      performance.mark("tend-engine-ready");  // read by scripts/bench.py
    }
    this.dispatchEvent(new CustomEvent("status", {
      detail: { state, reason, message: this.message },
    }));
  }

  fail(reason) {
    if (this.state === "ready") return;
    clearTimeout(this.timer);
    // After a timeout the worker may still get there; otherwise it has nothing left to do.
    if (reason !== "timeout" && this.worker) this.worker.terminate();
    this.setState("failed", reason);
    for (const [id, { reject }] of this.pending) {
      if (reason !== "timeout") { reject(this.failure()); this.pending.delete(id); }
    }
  }

  start() {
    if (location.protocol === "file:") return queueMicrotask(() => this.fail("file"));
    if (typeof WebAssembly !== "object") return queueMicrotask(() => this.fail("no-wasm"));
    try {
      this.worker = new Worker(WORKER_URL, { type: "module", name: "tend-engine" });
    } catch {
      return queueMicrotask(() => this.fail("crashed"));
    }
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    // A module worker that cannot be fetched or parsed reports a bare "error" event.
    this.worker.addEventListener("error", () => this.fail(this.state === "ready" ? "crashed" : "download"));
    this.timer = setTimeout(() => this.fail("timeout"), BOOT_TIMEOUT_MS);
  }

  receive(message) {
    if (message.type === "status") {
      if (message.state === "ready") clearTimeout(this.timer);
      this.setState(message.state);
    } else if (message.type === "failed") {
      this.fail(message.reason in FAILURES ? message.reason : "crashed");
      if (message.detail) console.warn("Tend engine:", message.reason, message.detail);
    } else if (message.type === "reply") {
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      if (message.ok) request.resolve(message.result);
      else {
        if (message.error.detail) console.warn("Tend engine:", message.error.detail);
        request.reject({ ...message.error, message: message.error.message || FAILURES.crashed });
      }
    }
  }

  /** Run `op` in Python with `payload` (plain JSON); resolves to the result object. */
  call(op, payload) {
    if (this.state === "failed" && this.reason !== "timeout") return Promise.reject(this.failure());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, payload });
    });
  }
}

let engine = null;

/** The engine for this visit, started on first use. */
export function getEngine() {
  if (!engine) engine = new Engine();
  return engine;
}

/** Fetch a quiz definition the build wrote as JSON (assets/quizzes/<name>.json), once. */
const definitions = new Map();
export function loadDefinition(name) {
  if (!definitions.has(name)) {
    const url = new URL(`../quizzes/${name}.json`, import.meta.url);
    const request = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    });
    request.catch(() => definitions.delete(name));  // let a later attempt try again
    definitions.set(name, request);
  }
  return definitions.get(name);
}

/** The site's root URL, for links the engine returns relative to it (e.g. "get-help/"). */
export const SITE_ROOT = new URL("../../", import.meta.url);
