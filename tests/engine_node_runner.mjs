// Run test vectors through the BUILT engine inside real Pyodide under Node:
//   node tests/engine_node_runner.mjs <site dir> <vectors.json> [wheel|snapshot]
// Boots exactly as the browser worker does (the site's precompiled standard library, the
// inline lock, then either the wheel from the manifest or the site's memory snapshot read
// by the worker's own reader) and prints one JSON reply per vector.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadPyodide } from "pyodide";

const [siteDir, vectorsPath, boot = "wheel"] = process.argv.slice(2);
const engineDir = path.join(siteDir, "assets", "engine");
const manifest = JSON.parse(await readFile(path.join(engineDir, "manifest.json"), "utf8"));
const options = {
  stdLibURL: path.resolve(engineDir, manifest.stdlib),
  lockFileContents: manifest.lock,
  stdout: () => {},
};

async function fromSnapshot() {
  const reader = pathToFileURL(path.join(siteDir, "assets", "js", "snapshot-pack.js")).href;
  const { unpackSnapshot } = await import(reader);
  const packed = await readFile(path.join(engineDir, manifest.snapshot));
  return loadPyodide({ ...options, _loadSnapshot: unpackSnapshot(new Response(packed).body) });
}

async function fromWheel() {
  const pyodide = await loadPyodide(options);
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(await readFile(path.join(engineDir, manifest.wheel))), "wheel",
    { extractDir: sitePackages });
  return pyodide;
}

const pyodide = boot === "snapshot" ? await fromSnapshot() : await fromWheel();
const api = pyodide.pyimport("quizzes.api");
const { definition, vectors } = JSON.parse(await readFile(vectorsPath, "utf8"));
const replies = vectors.map((v) => JSON.parse(api.call_json(v.op || "attachment.score",
  JSON.stringify(v.payload || { definition, answers: v.answers }))));
const where = pyodide.runPython("import quizzes, sys; f'{quizzes.__file__}|{sys.version}'");
console.log(JSON.stringify({ replies, where }));
