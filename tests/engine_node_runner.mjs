// Run test vectors through the BUILT engine inside real Pyodide under Node:
//   node tests/engine_node_runner.mjs <site dir> <vectors.json>
// Boots exactly as the browser worker does (the site's precompiled standard library, the
// inline lock, the wheel from the manifest) and prints one JSON reply per vector.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [siteDir, vectorsPath] = process.argv.slice(2);
const engineDir = path.join(siteDir, "assets", "engine");
const manifest = JSON.parse(await readFile(path.join(engineDir, "manifest.json"), "utf8"));
const pyodide = await loadPyodide({
  stdLibURL: path.resolve(engineDir, manifest.stdlib),
  lockFileContents: manifest.lock,
  stdout: () => {},
});
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(await readFile(path.join(engineDir, manifest.wheel))), "wheel",
  { extractDir: sitePackages });
const api = pyodide.pyimport("quizzes.api");
const { definition, vectors } = JSON.parse(await readFile(vectorsPath, "utf8"));
const replies = vectors.map((v) => JSON.parse(api.call_json(v.op || "attachment.score",
  JSON.stringify(v.payload || { definition, answers: v.answers }))));
const where = pyodide.runPython("import quizzes, sys; f'{quizzes.__file__}|{sys.version}'");
console.log(JSON.stringify({ replies, where }));
