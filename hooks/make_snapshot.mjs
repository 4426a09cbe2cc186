// Make a Pyodide memory snapshot taken after importing the engine, so a visitor's worker
// can skip booting the interpreter and importing `quizzes` (a private Pyodide API: the
// worker falls back to a normal boot if the snapshot fails in any way).
//
//   node hooks/make_snapshot.mjs <node_modules/pyodide dir> <stdlib.zip> <engine.whl> <lock.json> <out>
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, stdlib, wheel, lockPath, outPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const options = {
  indexURL: pyodideDir + path.sep, stdLibURL: stdlib, stdout: () => {},
  lockFileContents: JSON.parse(await readFile(lockPath, "utf8")),
};
const py = await loadPyodide({ ...options, _makeSnapshot: true });
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
py.unpackArchive(new Uint8Array(await readFile(wheel)), "wheel", { extractDir: sitePackages });
py.pyimport("quizzes.api");
await writeFile(outPath, py.makeMemorySnapshot());

// Check it: a fresh interpreter from the snapshot answers a request.
const check = await loadPyodide({ ...options, _loadSnapshot: await readFile(outPath) });
const reply = JSON.parse(check.pyimport("quizzes.api").call_json("no.such.op", "{}"));
if (reply.error.type !== "unknown-operation") throw new Error("snapshot does not answer");
