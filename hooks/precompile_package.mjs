// Compile our own package's modules to bytecode inside Pyodide under Node, as the
// standard library is (see precompile_stdlib.mjs): the browser then imports them
// without compiling. Reads {path: source} JSON, writes {path: base64 .pyc} JSON, where
// path is the module's path inside the wheel (e.g. quizzes/api.py).
//
//   node hooks/precompile_package.mjs <node_modules/pyodide dir> <in.json> <out.json>
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, inPath, outPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: () => {} });
py.globals.set("sources_json", await readFile(inPath, "utf8"));
const out = py.runPython(`
import base64, importlib._bootstrap_external as bx, importlib.util, json, site, sys
root = site.getsitepackages()[0]
out = {}
for name, src in json.loads(sources_json).items():
    data = src.encode("utf-8")
    code = compile(data, f"{root}/{name}", "exec", dont_inherit=True)
    out[name] = base64.b64encode(bx._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)).decode()
json.dumps({"tag": sys.implementation.cache_tag, "pyc": out})
`);
await writeFile(outPath, out);
