"""The checklist, the two checks, share codes and saved history inside real Pyodide under
Node: the same vectors as on CPython, through the BUILT wheel, with the engine's own runner
(tests/engine_node_runner.mjs)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT
from tools_vectors import all_vectors, check

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def definitions(site_dir):
    folder = site_dir / "assets" / "quizzes"
    return {
        t: json.loads((folder / f"{t}.json").read_text())
        for t in ("checklist", "dependence", "drifting")
    }


@pytest.fixture(scope="module")
def run(site_dir, tmp_path_factory):
    assert shutil.which("node"), "Node.js is needed for the engine tests"

    def go(requests: list[dict]) -> list[dict]:
        path = tmp_path_factory.mktemp("tools") / "vectors.json"
        path.write_text(json.dumps({"definition": None, "vectors": requests}))
        done = subprocess.run(
            ["node", str(ROOT / "tests" / "engine_node_runner.mjs"), str(site_dir), str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout.strip().splitlines()[-1])
        assert "site-packages/quizzes/__init__.py" in out["where"]
        return out["replies"]

    return go


def test_every_scoring_vector_gives_the_same_answer_inside_pyodide(definitions, run):
    cases = [(tool, case) for tool, cs in all_vectors(definitions).items() for case in cs]
    replies = run(
        [
            {
                "op": f"{tool}.score",
                "payload": {"definition": definitions[tool], "answers": case["answers"]},
            }
            for tool, case in cases
        ]
    )
    assert len(replies) == len(cases)
    for (tool, case), reply in zip(cases, replies, strict=True):
        if "error" in case:
            assert reply["ok"] is False, case["name"]
            assert reply["error"]["type"] == case["error"], case["name"]
            assert reply["error"]["items"] == case["items"], case["name"]
        else:
            assert reply["ok"] is True, (tool, case["name"], reply)
            check(tool, case, reply["result"])


def test_share_codes_and_history_work_the_same_inside_pyodide(definitions, run):
    from quizzes import api

    d = definitions["checklist"]
    levels = {item["id"]: n % 3 for n, item in enumerate(d["items"])}
    code = api.call(
        "share.encode", {"tool": "checklist", "result": {"levels": levels}, "definition": d}
    )["code"]
    result = api.call("checklist.score", {"definition": d, "answers": levels})
    saved = api.call(
        "history.add",
        {
            "text": None,
            "tool": "checklist",
            "result": result,
            "saved_at": "2026-11-18T19:00:00.000Z",
        },
    )["text"]
    replies = run(
        [
            {
                "op": "share.encode",
                "payload": {"tool": "checklist", "result": {"levels": levels}, "definition": d},
            },
            {"op": "share.decode", "payload": {"code": code, "tool": "checklist", "definition": d}},
            {
                "op": "share.decode",
                "payload": {"code": code[:-3], "tool": "checklist", "definition": d},
            },
            {
                "op": "history.add",
                "payload": {
                    "text": None,
                    "tool": "checklist",
                    "result": result,
                    "saved_at": "2026-11-18T19:00:00.000Z",
                },
            },
            {
                "op": "history.load",
                "payload": {"text": '{"format": "tend-history", "version": 9, "entries": []}'},
            },
        ]
    )
    assert replies[0] == {"ok": True, "result": {"code": code}}  # the same code on both runtimes
    assert replies[1]["result"] == {"tool": "checklist", "levels": levels}
    assert replies[2]["error"]["type"] == "share-code-truncated"
    assert replies[3]["result"]["text"] == saved
    assert replies[4]["error"]["type"] == "storage-future"
