"""What the in-browser engine needs, prepared at build time. Pure functions, no MkDocs.

- the Pyodide boot files, copied from the npm package (nothing from a CDN);
- the standard library precompiled to bytecode inside Pyodide under Node, cached in
  `.cache/` per Pyodide version and recipe (it halves the engine's boot);
- the `quizzes` package as a standard pure-Python wheel;
- a small manifest the worker reads first: file names and a minimal inline lock file
  (Pyodide then skips fetching its 119 KB lock, which lists packages we never load).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hooks import snapshotpack

# Exactly what a boot fetches, besides the standard library (served precompiled).
BOOT_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
PRECOMPILE_SCRIPT = Path(__file__).with_name("precompile_stdlib.mjs")
DIST_NAME = "tend_quizzes"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give the same wheel


class EngineBuildError(Exception):
    """The runtime cannot be prepared; the message says what to do."""


@dataclass(frozen=True)
class Pyodide:
    """The npm `pyodide` package as installed in node_modules."""

    folder: Path

    @classmethod
    def find(cls, root: Path) -> Pyodide:
        folder = root / "node_modules" / "pyodide"
        missing = [f for f in (*BOOT_FILES, "python_stdlib.zip", "pyodide-lock.json", "package.json")
                   if not (folder / f).is_file()]
        if missing:
            raise EngineBuildError(
                f"node_modules/pyodide is missing {', '.join(missing)}: run `make setup` "
                "(npm ci) before building"
            )
        return cls(folder)

    @property
    def version(self) -> str:
        return json.loads((self.folder / "package.json").read_text())["version"]

    def minimal_lock(self) -> dict:
        """The lock file's `info` (ABI, platform, Python) with no packages."""
        info = json.loads((self.folder / "pyodide-lock.json").read_text())["info"]
        return {"info": info, "packages": {}}


def _run_node(script: Path, args: list[str], output: Path, doing: str) -> None:
    """Run a build step in Pyodide under Node that writes `output`; fail with its stderr."""
    node = shutil.which("node")
    if node is None:
        raise EngineBuildError(f"Node.js is needed for {doing}; install Node 20")
    output.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([node, str(script), *args, str(output)],
                          capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0 or not output.is_file():
        raise EngineBuildError(f"{doing} failed:\n{done.stderr.strip()}")


def precompiled_stdlib(pyodide: Pyodide, cache: Path) -> Path:
    """Path of the bytecode-compiled standard library, made once per version and recipe."""
    recipe = hashlib.sha256(PRECOMPILE_SCRIPT.read_bytes()).hexdigest()[:12]
    target = cache / f"pyodide-{pyodide.version}" / f"python_stdlib-pyc-{recipe}.zip"
    if target.is_file():
        return target
    partial = target.with_suffix(".partial")
    _run_node(PRECOMPILE_SCRIPT, [str(pyodide.folder)], partial, "precompiling the standard library")
    partial.replace(target)
    return target


# Parts of the standard library no scoring engine reaches: mail, web servers and clients,
# XML, processes, test and debugging tools, the REPL. Leaving them out takes the library
# from 4.5 to 2.9 MB. None is imported by Pyodide's boot or by `quizzes` (the Node
# and browser tests run every operation on the trimmed library); a module left out by
# mistake fails with ModuleNotFoundError naming it.
LEFT_OUT = frozenset({
    "__hello__", "__phello__", "_pyio", "_pyrepl", "antigravity", "bdb", "cProfile", "cmd",
    "code", "compileall", "ctypes", "doctest", "email", "ftplib", "http", "imaplib",
    "mailbox", "modulefinder", "multiprocessing", "netrc", "pdb", "pickletools", "poplib",
    "profile", "pstats", "pty", "py_compile", "pyclbr", "pydoc", "rlcompleter", "shelve",
    "smtplib", "socketserver", "sqlite3", "tabnanny", "this", "timeit", "trace", "tty",
    "unittest", "wave", "webbrowser", "wsgiref", "xml", "xmlrpc", "zipapp",
})


def trimmed_stdlib(full: Path, left_out: frozenset[str] = LEFT_OUT) -> Path:
    """The precompiled standard library without `left_out` (top-level modules and
    packages), beside `full`; its name carries what was left out."""
    key = hashlib.sha256(" ".join(sorted(left_out)).encode()).hexdigest()[:8]
    target = full.with_name(f"{full.stem}-t{key}.zip")
    if target.is_file():
        return target
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(full) as src, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            top = info.filename.split("/", 1)[0].removesuffix(".pyc")
            if top not in left_out:
                out.writestr(info, src.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    partial.replace(target)
    return target


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def package_files(package: Path) -> dict[str, bytes]:
    """The package's Python sources, keyed by their path inside the wheel."""
    return {
        f"{package.name}/{path.relative_to(package).as_posix()}": path.read_bytes()
        for path in sorted(package.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


PRECOMPILE_PACKAGE = Path(__file__).with_name("precompile_package.mjs")


def precompiled_package(pyodide: Pyodide, files: dict[str, bytes], cache: Path) -> dict[str, bytes]:
    """Bytecode for the package's modules, compiled by Pyodide's own CPython under Node,
    as `__pycache__/<module>.<tag>.pyc` entries; cached by sources, version and recipe."""
    key = hashlib.sha256(PRECOMPILE_PACKAGE.read_bytes() + pyodide.version.encode()
                         + b"".join(k.encode() + v for k, v in sorted(files.items()))).hexdigest()[:16]
    target = cache / f"pyodide-{pyodide.version}" / f"package-pyc-{key}.json"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        sources = target.with_suffix(".in.json")
        sources.write_text(json.dumps({k: v.decode("utf-8") for k, v in files.items()}))
        partial = target.with_suffix(".partial")
        try:
            _run_node(PRECOMPILE_PACKAGE, [str(pyodide.folder), str(sources)], partial, "precompiling the engine")
        finally:
            sources.unlink()
        partial.replace(target)
    compiled = json.loads(target.read_text())
    out = {}
    for name, pyc in compiled["pyc"].items():
        folder, _, module = name.rpartition("/")
        out[f"{folder}/__pycache__/{module.removesuffix('.py')}.{compiled['tag']}.pyc"] = base64.b64decode(pyc)
    return out


def build_wheel(package: Path, version: str, bytecode=None) -> tuple[str, bytes]:
    """A standard pure-Python wheel of `package`: (file name, bytes).

    The version gets a local label made from the sources' hash, so the file name
    changes whenever the code does and browsers can cache it for good. `bytecode`
    (sources -> {path: .pyc bytes}) adds precompiled modules beside the sources.
    """
    files = package_files(package)
    if bytecode is not None:
        files.update(bytecode(dict(files)))
    digest = hashlib.sha256(b"".join(k.encode() + v for k, v in files.items())).hexdigest()[:10]
    full_version = f"{version}+{digest}"
    dist_info = f"{DIST_NAME}-{full_version}.dist-info"
    files[f"{dist_info}/METADATA"] = (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME.replace('_', '-')}\n"
        f"Version: {full_version}\n"
        "Summary: Tend's scoring engine (pure Python, standard library only)\n"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tend-build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in files.items():
        writer.writerow([name, _record_hash(data), len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files[f"{dist_info}/RECORD"] = record.getvalue().encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    return f"{DIST_NAME}-{full_version}-py3-none-any.whl", out.getvalue()


MAKE_SNAPSHOT = Path(__file__).with_name("make_snapshot.mjs")
PACKER = Path(snapshotpack.__file__)


def snapshot_key(pyodide: Pyodide, stdlib_name: str, wheel: bytes) -> str:
    """Everything a snapshot depends on: a snapshot only works with the exact runtime and
    standard library it was made with (the stdlib's name carries its hash)."""
    return hashlib.sha256(MAKE_SNAPSHOT.read_bytes() + PACKER.read_bytes() + pyodide.version.encode()
                          + stdlib_name.encode() + wheel).hexdigest()[:16]


def memory_snapshot(pyodide: Pyodide, stdlib: Path, wheel_name: str, wheel: bytes, cache: Path) -> Path:
    """A memory snapshot taken after importing the engine, packed for the journey
    (hooks/snapshotpack.py); cached by everything it depends on."""
    key = snapshot_key(pyodide, stdlib.name, wheel)
    # Its own extension, not .gz: hosts and the offline cache treat .gz files as
    # compressed twins of other files (and may send them with Content-Encoding).
    target = cache / f"pyodide-{pyodide.version}" / f"snapshot-{key}.packed"
    if target.is_file():
        return target
    work = target.with_suffix(".work")
    work.mkdir(parents=True, exist_ok=True)
    (work / wheel_name).write_bytes(wheel)
    (work / "lock.json").write_text(json.dumps(pyodide.minimal_lock()))
    partial = target.with_suffix(".partial")
    try:
        _run_node(MAKE_SNAPSHOT, [str(pyodide.folder), str(stdlib), str(work / wheel_name), str(work / "lock.json")],
                  partial, "making the engine's memory snapshot")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    partial.write_bytes(snapshotpack.pack(partial.read_bytes()))
    partial.replace(target)
    return target


def manifest(pyodide: Pyodide, wheel_name: str, stdlib_name: str, snapshot: Path | None = None) -> dict:
    """What the worker reads before booting; URLs are relative to the manifest itself."""
    return {
        "pyodide": pyodide.version,
        "index": "../pyodide/",
        "stdlib": f"../pyodide/{stdlib_name}",
        "wheel": wheel_name,
        "snapshot": snapshot.name if snapshot else None,
        # its size, to judge from the first bytes whether the link is fast enough for it
        "snapshot_bytes": snapshot.stat().st_size if snapshot else None,
        "lock": pyodide.minimal_lock(),
    }
