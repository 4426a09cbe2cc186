"""Test vectors for the attachment self-check, shared by CPython and Pyodide tests.

`vectors(definition)` returns plain JSON-ready cases: answers in, and either the expected
pattern / closeness / scores, or the expected error kind and item ids. The CPython tests
score them directly; tests/test_engine_node.py sends the same list to the built wheel
running inside real Pyodide under Node.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_definition() -> dict:
    """The attachment definition as the engine sees it, built from the YAML source."""
    from hooks.quizdefs import SiteLinks, engine_json, load_definitions

    defs = load_definitions(ROOT / "quizzes" / "definitions")
    links = SiteLinks(url_of=lambda ref: ref.removesuffix(".md") + "/", title_of=lambda ref: ref)
    return engine_json(defs["attachment"], links)


def raw(item: dict, keyed: int) -> int:
    """The answer that gives `item` the keyed value `keyed` (reverse items count 8 - x)."""
    return 8 - keyed if item["reverse"] else keyed


def answers_with_means(definition: dict, anxiety: list[int], avoidance: list[int]) -> dict:
    """Answers whose keyed values per dimension are the given lists, in item order."""
    keyed = {"anxiety": list(anxiety), "avoidance": list(avoidance)}
    return {item["id"]: raw(item, keyed[item["dimension"]].pop(0)) for item in definition["items"]}


def flat(definition: dict, anxiety: int, avoidance: int) -> dict:
    """Answers giving every item of each dimension the same keyed value."""
    n = {d: sum(1 for i in definition["items"] if i["dimension"] == d) for d in ("anxiety", "avoidance")}
    return answers_with_means(definition, [anxiety] * n["anxiety"], [avoidance] * n["avoidance"])


def mixed(count: int, high: int, low: int, n_high: int) -> list[int]:
    """`count` keyed values: `n_high` of `high`, the rest `low`."""
    return [high] * n_high + [low] * (count - n_high)


def vectors(definition: dict) -> list[dict]:
    items = definition["items"]
    ids = [i["id"] for i in items]
    n_anx = sum(1 for i in items if i["dimension"] == "anxiety")
    n_avo = len(items) - n_anx
    ok = [
        # name, answers, pattern, close_to_middle, near, scores
        ("secure", flat(definition, 2, 2), "secure", False, [], (2, 2)),
        ("anxious", flat(definition, 6, 2), "anxious", False, [], (6, 2)),
        ("avoidant", flat(definition, 2, 6), "avoidant", False, [], (2, 6)),
        ("fearful-avoidant", flat(definition, 6, 6), "fearful-avoidant", False, [], (6, 6)),
        ("extremes high", flat(definition, 7, 7), "fearful-avoidant", False, [], (7, 7)),
        ("extremes low", flat(definition, 1, 1), "secure", False, [], (1, 1)),
        ("dead centre", flat(definition, 4, 4), "secure", True, ["anxiety", "avoidance"], (4, 4)),
        ("all answers 4", {i: 4 for i in ids}, "secure", True, ["anxiety", "avoidance"], (4, 4)),
        ("all answers 7", {i: 7 for i in ids}, "secure", True, ["anxiety", "avoidance"], (4, 4)),
        # anxiety exactly at midpoint + margin (4.5): higher, and still close to the middle
        ("anxiety at upper margin",
         answers_with_means(definition, mixed(n_anx, 5, 4, n_anx // 2), [2] * n_avo),
         "anxious", True, ["anxiety"], (4.5, 2)),
        # one step further (n/2 + 1 fives): just outside the margin
        ("anxiety just past upper margin",
         answers_with_means(definition, mixed(n_anx, 5, 4, n_anx // 2 + 1), [2] * n_avo),
         "anxious", False, [], (round(4 + (n_anx // 2 + 1) / n_anx, 2), 2)),
        ("avoidance at lower margin (3.5)",
         answers_with_means(definition, [6] * n_anx, mixed(n_avo, 4, 3, n_avo // 2)),
         "anxious", True, ["avoidance"], (6, 3.5)),
        ("avoidance just past lower margin",
         answers_with_means(definition, [6] * n_anx, mixed(n_avo, 4, 3, n_avo // 2 - 1)),
         "anxious", False, [], (6, round(3 + (n_avo // 2 - 1) / n_avo, 2))),
        # one step above the midpoint on avoidance: higher side, close to the middle
        ("avoidance just above midpoint",
         answers_with_means(definition, [2] * n_anx, mixed(n_avo, 5, 4, 1)),
         "avoidant", True, ["avoidance"], (2, round(4 + 1 / n_avo, 2))),
    ]
    cases = [
        {"name": name, "answers": answers, "pattern": pattern, "close_to_middle": close,
         "near": near, "scores": {"anxiety": scores[0], "avoidance": scores[1]}}
        for name, answers, pattern, close, near, scores in ok
    ]
    full = {i: 4 for i in ids}
    errors = [
        ("nothing answered", {}, "missing-answers", ids),
        ("one missing", {k: v for k, v in full.items() if k != ids[3]}, "missing-answers", [ids[3]]),
        ("several missing, reported in quiz order",
         {k: v for k, v in full.items() if k not in (ids[20], ids[0], ids[9])},
         "missing-answers", [ids[0], ids[9], ids[20]]),
        ("null answer counts as missing", {**full, ids[5]: None}, "missing-answers", [ids[5]]),
        ("below the scale", {**full, ids[2]: 0}, "out-of-range", [ids[2]]),
        ("above the scale", {**full, ids[7]: 8}, "out-of-range", [ids[7]]),
        ("not a whole number", {**full, ids[1]: 3.5}, "out-of-range", [ids[1]]),
        ("text, not a number", {**full, ids[4]: "4"}, "out-of-range", [ids[4]]),
        ("true is not an answer", {**full, ids[6]: True}, "out-of-range", [ids[6]]),
        ("unknown statement", {**full, "anx-99": 4}, "unknown-item", ["anx-99"]),
        ("answers not a mapping", [4] * len(ids), "invalid-request", []),
    ]
    cases += [
        {"name": name, "answers": answers, "error": kind, "items": items}
        for name, answers, kind, items in errors
    ]
    return cases
