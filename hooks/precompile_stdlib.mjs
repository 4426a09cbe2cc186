// Precompile Pyodide's standard library to bytecode, inside Pyodide itself.
//
//   node hooks/precompile_stdlib.mjs <node_modules/pyodide dir> <out.zip>
//
// The npm python_stdlib.zip holds only .py sources, so every boot compiles ~150 modules.
// The host Python has the wrong bytecode magic number, so we compile with Pyodide's own
// CPython under Node: unchecked hash-based .pyc, named as if still inside the zip, so
// that tracebacks point at the right module. Then we boot a fresh Pyodide from the new
// zip and import a set of modules, so a broken zip fails the build, not the visitor.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outPath] = process.argv.slice(2);
if (!pyodideDir || !outPath) {
  console.error("usage: precompile_stdlib.mjs <pyodide dir> <out.zip>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const quiet = { stdout: () => {}, stderr: (s) => console.error(s) };

const py = await loadPyodide({ indexURL: pyodideDir + path.sep, ...quiet });
const source = new Uint8Array(await readFile(path.join(pyodideDir, "python_stdlib.zip")));
py.FS.writeFile("/tmp/in.zip", source);
const report = py.runPython(`
import importlib._bootstrap_external as bx, importlib.util, sys, zipfile
prefix = "/lib/python%d%d.zip/" % sys.version_info[:2]
compiled = kept = 0
with zipfile.ZipFile("/tmp/in.zip") as src, \\
        zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for info in sorted(src.infolist(), key=lambda i: i.filename):
        data = src.read(info)
        if not info.filename.endswith(".py"):
            out.writestr(info.filename, data)
            continue
        try:
            code = compile(data, prefix + info.filename, "exec", dont_inherit=True)
        except SyntaxError:
            out.writestr(info.filename, data)  # keep the source of what will not compile
            kept += 1
            continue
        pyc = bx._code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
        entry = zipfile.ZipInfo(info.filename + "c", date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(entry, pyc)
        compiled += 1
f"{compiled} modules compiled, {kept} kept as source"
`);
await writeFile(outPath, py.FS.readFile("/tmp/out.zip"));

// Smoke test: a fresh interpreter booted from the new zip imports what the engine needs.
const check = await loadPyodide({ indexURL: pyodideDir + path.sep, stdLibURL: outPath, ...quiet });
check.runPython(`
import json, fractions, zipfile, collections.abc, dataclasses, typing, types, re, math, importlib.metadata
assert json.loads(json.dumps({"a": fractions.Fraction(1, 2).limit_denominator() == 0.5}))["a"]
`);
console.log(report);
