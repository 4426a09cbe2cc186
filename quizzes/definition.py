"""Check a scale quiz definition (a plain dict, as loaded from JSON) and the answers to it.

A scale quiz has a `scale` (every point with a value and a label), `dimensions`, and
`items`, each item measuring one dimension, optionally reverse-keyed:

    {"id": "attachment", "kind": "attachment", "version": 1, "title": "...",
     "scale": {"points": [{"value": 1, "label": "Strongly disagree"}, ...]},
     "dimensions": [{"id": "anxiety", "name": "...", ...}, ...],
     "items": [{"id": "anx-01", "text": "...", "dimension": "anxiety", "reverse": false}, ...]}

The build validates definitions thoroughly (with file and line); this module checks again,
in pure Python, so that the engine never scores against a broken definition.
Scorers for other kinds of quiz can reuse `check_scale_quiz` and `check_answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import (
    InvalidDefinition,
    InvalidRequest,
    MissingAnswers,
    OutOfRange,
    UnknownItem,
    numbered,
)


def require(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """`obj[key]`, which must exist and be of `kind` (bools are never numbers here)."""
    if not isinstance(obj, Mapping):
        raise InvalidDefinition(f"{where} must be an object")
    if key not in obj:
        raise InvalidDefinition(f"{where}.{key} is missing")
    value = obj[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise InvalidDefinition(f"{where}.{key} must be of type {names}")
    if isinstance(value, str) and not value.strip():
        raise InvalidDefinition(f"{where}.{key} must not be empty")
    return value


def require_list(obj: Any, key: str, where: str, min_length: int = 1) -> list:
    value = require(obj, key, list, where)
    if len(value) < min_length:
        raise InvalidDefinition(f"{where}.{key} needs at least {min_length} entries")
    return value


def unique_ids(entries: list, where: str) -> list[str]:
    ids = []
    for i, entry in enumerate(entries):
        ident = require(entry, "id", str, f"{where}[{i}]")
        if ident in ids:
            raise InvalidDefinition(f"{where}[{i}].id {ident!r} is used twice")
        ids.append(ident)
    return ids


def check_scale_quiz(definition: Any) -> None:
    """Raise InvalidDefinition naming the first problem in a scale quiz definition."""
    where = "definition"
    require(definition, "id", str, where)
    require(definition, "kind", str, where)
    require(definition, "version", int, where)
    require(definition, "title", str, where)
    scale = require(definition, "scale", Mapping, where)
    points = require_list(scale, "points", f"{where}.scale", min_length=2)
    values = []
    for i, point in enumerate(points):
        here = f"{where}.scale.points[{i}]"
        values.append(require(point, "value", int, here))
        require(point, "label", str, here)
    if values != sorted(set(values)) or values != list(range(values[0], values[0] + len(values))):
        raise InvalidDefinition(f"{where}.scale.points must be consecutive whole numbers, each once")
    dimensions = require_list(definition, "dimensions", where)
    dimension_ids = unique_ids(dimensions, f"{where}.dimensions")
    for i, dim in enumerate(dimensions):
        require(dim, "name", str, f"{where}.dimensions[{i}]")
    items = require_list(definition, "items", where)
    unique_ids(items, f"{where}.items")
    for i, item in enumerate(items):
        here = f"{where}.items[{i}]"
        require(item, "text", str, here)
        dim = require(item, "dimension", str, here)
        if dim not in dimension_ids:
            raise InvalidDefinition(f"{here}.dimension {dim!r} is not one of {dimension_ids}")
        require(item, "reverse", bool, here)
    for dim in dimension_ids:
        if not any(item["dimension"] == dim for item in items):
            raise InvalidDefinition(f"{where}.dimensions: {dim!r} has no items")


def scale_values(definition: Mapping) -> tuple[int, int]:
    """(lowest, highest) point of the scale."""
    values = [p["value"] for p in definition["scale"]["points"]]
    return min(values), max(values)


def sort_answers(
    definition: Mapping, answers: Any, noun: str, low: int, high: int
) -> tuple[dict[str, int], list[str], list[str]]:
    """Check an answer set's shape; return (position of each item, out-of-range ids, missing ids).

    Raises InvalidRequest for answers that are not a mapping and UnknownItem for ids the
    definition lacks; the callers word the range and missing messages for their own pages.
    """
    if not isinstance(answers, Mapping):
        raise InvalidRequest("The answers could not be read. Please try submitting again.")
    items = definition["items"]
    position = {item["id"]: n for n, item in enumerate(items, start=1)}
    unknown = [str(key) for key in answers if key not in position]
    if unknown:
        raise UnknownItem(
            f"Some answers belong to {noun}s this self-check does not have: "
            + ", ".join(repr(k) for k in unknown) + ". Please reload the page and try again.",
            unknown,
        )
    bad = sorted(
        (key for key, value in answers.items()
         if value is not None
         and (isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high)),
        key=position.__getitem__,
    )
    missing = [item["id"] for item in items if answers.get(item["id"]) is None]
    return position, bad, missing


def check_answers(definition: Mapping, answers: Any) -> dict[str, int]:
    """The answers as {item id: value}, every item answered with a point of the scale.

    Raises UnknownItem, OutOfRange or MissingAnswers, whose messages name statements
    by their number on the page ("statement 4"), as the visitor sees them.
    """
    low, high = scale_values(definition)
    position, bad, missing = sort_answers(definition, answers, "statement", low, high)
    if bad:
        numbers = [position[k] for k in bad]
        noun = "statement" if len(numbers) == 1 else "statements"
        raise OutOfRange(
            f"The answer to {noun} {numbered(numbers)} is not one of the choices from "
            f"{low} to {high}. Please choose one of the choices offered.",
            bad,
        )
    if missing:
        numbers = [position[k] for k in missing]
        if len(numbers) == 1:
            text = f"Statement {numbers[0]} is not answered yet."
        elif len(numbers) == len(definition["items"]):
            text = f"None of the {len(numbers)} statements is answered yet."
        else:
            text = f"Statements {numbered(numbers)} are not answered yet."
        raise MissingAnswers(text + " Please choose an answer for each one.", missing)
    return {key: int(value) for key, value in answers.items()}
