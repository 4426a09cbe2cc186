"""The built engine inside real Pyodide under Node: the same vectors as on CPython.

Loads the npm `pyodide` package, the site's precompiled standard library and the BUILT
wheel (as the browser worker does), and checks every shared test vector.
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

import pytest
from attachment_vectors import vectors
from conftest import ROOT

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def built(site_dir):
    definition = json.loads((site_dir / "assets" / "quizzes" / "attachment.json").read_text())
    manifest = json.loads((site_dir / "assets" / "engine" / "manifest.json").read_text())
    return site_dir, definition, manifest


@pytest.fixture(scope="module")
def run_in_pyodide(built, tmp_path_factory):
    assert shutil.which("node"), "Node.js is needed for the engine tests"
    site_dir, definition, _ = built

    def run(cases: list[dict], boot: str = "wheel") -> tuple[list[dict], str]:
        path = tmp_path_factory.mktemp("vectors") / "vectors.json"
        path.write_text(json.dumps({"definition": definition, "vectors": cases}))
        done = subprocess.run(
            ["node", str(ROOT / "tests" / "engine_node_runner.mjs"), str(site_dir), str(path), boot],
            cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout.strip().splitlines()[-1])
        return out["replies"], out["where"]

    return run


@pytest.mark.parametrize("boot", ["wheel", "snapshot"])
def test_every_vector_gives_the_same_answer_inside_pyodide(built, run_in_pyodide, boot):
    """Both ways the browser boots: the wheel, and the memory snapshot (read by the
    worker's own reader) that skips importing it."""
    _, definition, _ = built
    cases = vectors(definition)
    replies, where = run_in_pyodide(cases, boot)
    assert "site-packages/quizzes/__init__.py" in where  # the wheel, not a source checkout
    assert "3.14" in where.split("|")[1]
    assert len(replies) == len(cases)
    for case, reply in zip(cases, replies, strict=True):
        if "error" in case:
            assert reply["ok"] is False, case["name"]
            assert reply["error"]["type"] == case["error"], case["name"]
            assert reply["error"]["items"] == case["items"], case["name"]
        else:
            assert reply["ok"] is True, (case["name"], reply)
            result = reply["result"]
            assert result["pattern"]["id"] == case["pattern"], case["name"]
            assert result["close_to_middle"] is case["close_to_middle"], case["name"]
            assert result["near"] == case["near"], case["name"]
            assert result["scores"] == case["scores"], case["name"]


def test_bad_requests_become_readable_errors_inside_pyodide(built, run_in_pyodide):
    _, definition, _ = built
    broken = {**definition, "items": []}
    replies, _ = run_in_pyodide([
        {"op": "no.such.op", "payload": {}},
        {"payload": {"definition": broken, "answers": {}}},
        {"payload": {"answers": {}}},
    ])
    assert [r["error"]["type"] for r in replies] == ["unknown-operation", "invalid-definition", "invalid-request"]
    assert all(r["error"]["message"] for r in replies)


def test_the_wheel_is_a_standard_pure_python_wheel(built):
    site_dir, _, manifest = built
    name = manifest["wheel"]
    assert name.startswith("tend_quizzes-") and name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(site_dir / "assets" / "engine" / name) as wheel:
        names = wheel.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/WHEEL"))
        assert "Root-Is-Purelib: true" in wheel.read(f"{dist_info}/WHEEL").decode()
        record = list(csv.reader(io.StringIO(wheel.read(f"{dist_info}/RECORD").decode())))
        for path, digest, size in record:
            if path.endswith("RECORD"):
                continue
            data = wheel.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), path
        sources = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "quizzes").glob("*.py"))
        assert sorted(n for n in names if n.endswith(".py")) == sources
        # each module also ships as bytecode compiled by Pyodide's CPython, so the browser
        # imports without compiling
        compiled = {n.replace("__pycache__/", "").split(".cpython-")[0] + ".py"
                    for n in names if n.endswith(".pyc")}
        assert compiled == set(sources)


def test_the_site_ships_exactly_the_boot_files(built):
    site_dir, _, manifest = built
    # (.br and .gz twins of the same files, for static hosts, are the platform's business)
    shipped = sorted({p.name.removesuffix(".br").removesuffix(".gz")
                      for p in (site_dir / "assets" / "pyodide").iterdir()})
    stdlib = manifest["stdlib"].rsplit("/", 1)[1]
    assert shipped == sorted(["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", stdlib])
    npm = ROOT / "node_modules" / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert (site_dir / "assets" / "pyodide" / name).read_bytes() == (npm / name).read_bytes()
    with zipfile.ZipFile(site_dir / "assets" / "pyodide" / stdlib) as z:
        names = set(z.namelist())
    assert "json/__init__.pyc" in names and "json/__init__.py" not in names  # precompiled
    # trimmed: what no scoring engine reaches is left out (the vectors above ran on it)
    from hooks.runtime import LEFT_OUT
    assert "email/__init__.pyc" not in names and "unittest/__init__.pyc" not in names
    assert not [n for n in names if n.split("/", 1)[0].removesuffix(".pyc") in LEFT_OUT]
    assert manifest["lock"]["packages"] == {}
    lock = json.loads((npm / "pyodide-lock.json").read_text())
    assert manifest["lock"]["info"] == lock["info"]


def test_the_snapshot_is_packed_and_made_from_the_shipped_files(built):
    """The snapshot in the site unpacks (hooks/snapshotpack.py) to a whole interpreter's
    memory, and its name covers the standard library and wheel it was made with."""
    from hooks.runtime import Pyodide, snapshot_key
    from hooks.snapshotpack import unpack

    site_dir, _, manifest = built
    packed = (site_dir / "assets" / "engine" / manifest["snapshot"]).read_bytes()
    memory = unpack(packed)
    assert len(memory) > 10_000_000 and len(packed) < len(memory) / 4
    wheel = (site_dir / "assets" / "engine" / manifest["wheel"]).read_bytes()
    stdlib = manifest["stdlib"].rsplit("/", 1)[1]
    assert manifest["snapshot"] == f"snapshot-{snapshot_key(Pyodide.find(ROOT), stdlib, wheel)}.packed"
