"""Test vectors for the checklist, over-dependence and drifting-apart checks, shared by
the CPython tests and the Pyodide-under-Node tests.

Definitions are built from the real collections in content/data with the build's own
derivation (hooks/tooldefs.py): titles from the nav, links as the site's paths.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_definitions() -> dict[str, dict]:
    import yaml

    from hooks.collections import load_collections
    from hooks.tooldefs import BUILDERS, make_linker, nav_titles

    collections = load_collections(ROOT / "content" / "data")
    class Loader(yaml.SafeLoader):
        """mkdocs.yml has tags such as !ENV: only the nav is needed here."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]  # noqa: S506
    link = make_linker(lambda ref: ref.replace(".md", "/"), nav_titles(nav))
    return {tool: build(collections[name], link) for tool, (name, build) in BUILDERS.items()}


def ids(definition: dict) -> list[str]:
    return [item["id"] for item in definition["items"]]


def checklist_vectors(d: dict) -> list[dict]:
    keys = ids(d)
    n = len(keys)
    mixed = {k: (2, 1, 0)[i % 3] for i, k in enumerate(keys)}
    return [
        {
            "name": "all-yes",
            "answers": dict.fromkeys(keys, 2),
            "score": 2 * n,
            "band": "plenty",
            "strengths": keys,
            "growth": [],
        },
        {
            "name": "all-no",
            "answers": dict.fromkeys(keys, 0),
            "score": 0,
            "band": "gently",
            "strengths": [],
            "growth": keys,
        },
        {
            "name": "all-sometimes",
            "answers": dict.fromkeys(keys, 1),
            "score": n,
            "band": "attention",
            "strengths": [],
            "growth": keys,
        },
        {
            "name": "mixed",
            "answers": mixed,
            "score": sum(mixed.values()),
            "band": "base" if sum(mixed.values()) >= 11 else "attention",
            "strengths": [k for k in keys if mixed[k] == 2],
            "growth": [k for k in keys if mixed[k] == 0] + [k for k in keys if mixed[k] == 1],
        },
        {
            "name": "band-edge-16",
            "answers": {**dict.fromkeys(keys, 2), keys[0]: 0, keys[1]: 0},
            "score": 2 * n - 4,
            "band": "plenty",
            "strengths": keys[2:],
            "growth": keys[:2],
        },
        {
            "name": "band-edge-15",
            "answers": {**dict.fromkeys(keys, 2), keys[0]: 0, keys[1]: 0, keys[2]: 1},
            "score": 2 * n - 5,
            "band": "base",
            "strengths": keys[3:],
            "growth": keys[:3],
        },
        {
            "name": "one-missing",
            "answers": {k: 1 for k in keys[1:]},
            "error": "missing-answers",
            "items": keys[:1],
        },
        {
            "name": "out-of-range",
            "answers": {**dict.fromkeys(keys, 1), keys[3]: 3},
            "error": "out-of-range",
            "items": [keys[3]],
        },
        {
            "name": "text-answer",
            "answers": {**dict.fromkeys(keys, 1), keys[4]: "yes"},
            "error": "out-of-range",
            "items": [keys[4]],
        },
        {
            "name": "unknown-item",
            "answers": {**dict.fromkeys(keys, 1), "nonsense": 1},
            "error": "unknown-item",
            "items": ["nonsense"],
        },
    ]


def dependence_vectors(d: dict) -> list[dict]:
    keys = ids(d)
    control = [i["id"] for i in d["items"] if i["suggests_control"]]
    calm = [k for k in keys if k not in control]
    return [
        {
            "name": "none",
            "answers": dict.fromkeys(keys, 0),
            "score": 0,
            "band": "room",
            "noticed": [],
            "safety": False,
        },
        {
            "name": "calm-signs-often",
            "answers": {**dict.fromkeys(keys, 0), **dict.fromkeys(calm, 2)},
            "score": 2 * len(calm),
            "band": "heavy" if 2 * len(calm) >= 9 else "some",
            "noticed": calm,
            "safety": False,
        },
        {
            "name": "one-control-sign-sometimes",
            "answers": {**dict.fromkeys(keys, 0), control[0]: 1},
            "score": 1,
            "band": "room",
            "noticed": [control[0]],
            "safety": True,
        },
        {
            "name": "all-often",
            "answers": dict.fromkeys(keys, 2),
            "score": 2 * len(keys),
            "band": "heavy",
            "noticed": keys,
            "safety": True,
        },
        {
            "name": "missing-two",
            "answers": {k: 0 for k in keys[2:]},
            "error": "missing-answers",
            "items": keys[:2],
        },
    ]


def drifting_vectors(d: dict) -> list[dict]:
    keys = ids(d)
    some = {**dict.fromkeys(keys, 0), keys[0]: 2, keys[2]: 1}
    return [
        {
            "name": "none",
            "answers": dict.fromkeys(keys, 0),
            "score": 0,
            "band": "close",
            "noticed": [],
        },
        {
            "name": "two-signs",
            "answers": some,
            "score": 3,
            "band": "close",
            "noticed": [keys[0], keys[2]],
        },
        {
            "name": "all-sometimes",
            "answers": dict.fromkeys(keys, 1),
            "score": len(keys),
            "band": "quiet",
            "noticed": keys,
        },
        {
            "name": "all-often",
            "answers": dict.fromkeys(keys, 2),
            "score": 2 * len(keys),
            "band": "drifting",
            "noticed": keys,
        },
        {
            "name": "bool-answer",
            "answers": {**dict.fromkeys(keys, 0), keys[1]: True},
            "error": "out-of-range",
            "items": [keys[1]],
        },
    ]


def all_vectors(definitions: dict[str, dict]) -> dict[str, list[dict]]:
    return {
        "checklist": checklist_vectors(definitions["checklist"]),
        "dependence": dependence_vectors(definitions["dependence"]),
        "drifting": drifting_vectors(definitions["drifting"]),
    }


def check(tool: str, case: dict, result: dict) -> None:
    """Assert a result (from any runtime) against its vector."""
    assert result["score"] == case["score"], case["name"]
    assert result["band"]["id"] == case["band"], case["name"]
    if tool == "checklist":
        assert [s["id"] for s in result["strengths"]] == case["strengths"], case["name"]
        assert [g["id"] for g in result["growth"]] == case["growth"], case["name"]
        assert all(g["chapter"]["url"] and g["try_this"] for g in result["growth"])
    else:
        assert sorted(n["id"] for n in result["noticed"]) == sorted(case["noticed"]), case["name"]
    if tool == "dependence":
        assert (result["safety"] is not None) == case["safety"], case["name"]
    assert "not a diagnosis" in result["not_a_diagnosis"]
    assert result["get_help"]["url"]
