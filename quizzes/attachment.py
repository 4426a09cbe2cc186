"""Score the attachment self-check: two dimensions, a point on a plane, the nearest pattern.

Each dimension's score is the mean of its items on the 1-7 scale, reverse-keyed items
counting (low + high) - x, i.e. 8 - x. The plane is split at the scale's midpoint (4):
a score above it is "higher", at or below it "lower". The pattern is the quadrant the
point falls in; when either score is within `margin` of the midpoint the result says the
answers sit close to the middle and names the neighbouring pattern(s) too. No norms,
no percentiles: the numbers describe the answers, not the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .definition import check_answers, check_scale_quiz, require, require_list, scale_values
from .errors import InvalidDefinition, InvalidRequest

DIMENSIONS = ("anxiety", "avoidance")
LEVELS = ("lower", "higher")


def check_definition(definition: Any) -> None:
    """Raise InvalidDefinition unless `definition` is a complete attachment self-check."""
    check_scale_quiz(definition)
    where = "definition"
    ids = [d["id"] for d in definition["dimensions"]]
    if sorted(ids) != sorted(DIMENSIONS):
        raise InvalidDefinition(f"{where}.dimensions must be exactly {list(DIMENSIONS)}")
    for i, dim in enumerate(definition["dimensions"]):
        for key in ("meaning", "lower", "higher", "middle"):
            require(dim, key, str, f"{where}.dimensions[{i}]")
    scoring = require(definition, "scoring", Mapping, where)
    low, high = scale_values(definition)
    midpoint = require(scoring, "midpoint", (int, float), f"{where}.scoring")
    margin = require(scoring, "margin", (int, float), f"{where}.scoring")
    if midpoint * 2 != low + high:
        raise InvalidDefinition(f"{where}.scoring.midpoint must be the middle of the scale")
    if not 0 < margin < (high - low) / 2:
        raise InvalidDefinition(f"{where}.scoring.margin must be above 0 and below {(high - low) / 2}")
    patterns = require_list(definition, "patterns", where, min_length=4)
    corners = set()
    for i, pattern in enumerate(patterns):
        here = f"{where}.patterns[{i}]"
        for key in ("id", "name", "summary"):
            require(pattern, key, str, here)
        for dim in DIMENSIONS:
            if require(pattern, dim, str, here) not in LEVELS:
                raise InvalidDefinition(f"{here}.{dim} must be one of {list(LEVELS)}")
        corners.add((pattern["anxiety"], pattern["avoidance"]))
        for j, text in enumerate(require_list(pattern, "what_helps", here)):
            if not isinstance(text, str) or not text.strip():
                raise InvalidDefinition(f"{here}.what_helps[{j}] must be a sentence")
        for j, link in enumerate(require_list(pattern, "chapters", here)):
            require(link, "title", str, f"{here}.chapters[{j}]")
            require(link, "url", str, f"{here}.chapters[{j}]")
    if len(corners) != 4 or len(patterns) != 4:
        raise InvalidDefinition(f"{where}.patterns must name each of the four quadrants exactly once")
    texts = require(definition, "texts", Mapping, where)
    for key in ("middle", "not_a_diagnosis", "get_help", "get_help_url"):
        require(texts, key, str, f"{where}.texts")


def _decimal(value: int | float) -> Fraction:
    """Exact value of a number written in the definition (0.5 stays 1/2, 0.3 stays 3/10)."""
    return Fraction(str(value))


def dimension_means(definition: Mapping, answers: Mapping[str, int]) -> dict[str, Fraction]:
    """Exact mean of each dimension; reverse-keyed items count (low + high) - x."""
    low, high = scale_values(definition)
    totals: dict[str, list[int]] = {d["id"]: [] for d in definition["dimensions"]}
    for item in definition["items"]:
        value = answers[item["id"]]
        totals[item["dimension"]].append(low + high - value if item["reverse"] else value)
    return {dim: Fraction(sum(values), len(values)) for dim, values in totals.items()}


def score(definition: Mapping, answers: Any) -> dict:
    """The result of the attachment self-check as a JSON-ready dict."""
    check_definition(definition)
    given = check_answers(definition, answers)
    means = dimension_means(definition, given)
    midpoint = _decimal(definition["scoring"]["midpoint"])
    margin = _decimal(definition["scoring"]["margin"])
    levels = {dim: "higher" if means[dim] > midpoint else "lower" for dim in DIMENSIONS}
    near = [dim for dim in DIMENSIONS if abs(means[dim] - midpoint) <= margin]
    by_corner = {(p["anxiety"], p["avoidance"]): p for p in definition["patterns"]}
    pattern = by_corner[(levels["anxiety"], levels["avoidance"])]
    neighbours = [
        p for p in definition["patterns"]
        if p is not pattern
        and all(p[dim] == levels[dim] for dim in DIMENSIONS if dim not in near)
    ]
    low, high = scale_values(definition)
    texts = definition["texts"]
    return {
        "quiz": definition["id"],
        "version": definition["version"],
        "scale": {"low": low, "high": high, "midpoint": float(midpoint), "margin": float(margin)},
        "scores": {dim: round(float(means[dim]), 2) for dim in DIMENSIONS},
        "dimensions": [
            {
                "id": d["id"], "name": d["name"], "score": round(float(means[d["id"]]), 2),
                "level": levels[d["id"]], "near": d["id"] in near, "meaning": d["meaning"],
                "reading": d["middle"] if d["id"] in near else d[levels[d["id"]]],
            }
            for d in definition["dimensions"]
        ],
        "pattern": _pattern(pattern),
        "close_to_middle": bool(near),
        "near": near,
        "neighbours": [{"id": p["id"], "name": p["name"]} for p in neighbours],
        "middle": texts["middle"] if near else None,
        "not_a_diagnosis": texts["not_a_diagnosis"],
        "get_help": {"text": texts["get_help"], "url": texts["get_help_url"]},
    }


def _pattern(pattern: Mapping) -> dict:
    keys = ("id", "name", "summary", "anxiety", "avoidance", "what_helps", "chapters")
    return {key: pattern[key] for key in keys}


def score_op(payload: Any) -> dict:
    """`attachment.score` for `quizzes.api`: payload {"definition": {...}, "answers": {...}}."""
    if not isinstance(payload, Mapping) or "definition" not in payload or "answers" not in payload:
        raise InvalidRequest("The self-check could not be scored: the request was incomplete.")
    return score(payload["definition"], payload["answers"])


OPS = {"attachment.score": score_op}
