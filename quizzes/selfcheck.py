"""What the three-choice self-checks share: checking their definition and their answers.

The connection checklist, the over-dependence check and the drifting-apart check are all
lists of questions answered on one short scale (e.g. no / sometimes / yes = 0 / 1 / 2).
Their definitions are derived at build time from the content collections
(`hooks/tooldefs.py`) and look like:

    {"id": "checklist", "kind": "checklist", "version": 1, "title": "...",
     "scale": {"points": [{"value": 0, "label": "No"}, ...]},
     "items": [{"id": "awareness", "text": "...", ...}, ...],
     "bands": [{"id": "...", "min": 16, "title": "...", "text": "..."}, ...],
     "texts": {"not_a_diagnosis": "...", "get_help": "...", "get_help_url": "..."}}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .definition import require, require_list, sort_answers, unique_ids
from .errors import (
    InvalidDefinition,
    InvalidRequest,
    MissingAnswers,
    OutOfRange,
    numbered,
)


def check_definition(definition: Any, kind: str, item_keys: Mapping[str, type]) -> None:
    """Raise InvalidDefinition naming the first problem in a three-choice self-check."""
    where = "definition"
    if require(definition, "kind", str, where) != kind:
        raise InvalidDefinition(f"{where}.kind must be {kind!r}, not {definition['kind']!r}")
    require(definition, "id", str, where)
    require(definition, "version", int, where)
    require(definition, "title", str, where)
    points = require_list(
        require(definition, "scale", Mapping, where), "points", f"{where}.scale", 2
    )
    for i, point in enumerate(points):
        require(point, "label", str, f"{where}.scale.points[{i}]")
        if require(point, "value", int, f"{where}.scale.points[{i}]") != i:
            raise InvalidDefinition(f"{where}.scale.points must be valued 0, 1, 2, ... in order")
    items = require_list(definition, "items", where)
    unique_ids(items, f"{where}.items")
    for i, item in enumerate(items):
        for key, kind_of in {"text": str, **item_keys}.items():
            value = require(item, key, kind_of, f"{where}.items[{i}]")
            if kind_of is Mapping:  # a link: {title, url}
                require(value, "title", str, f"{where}.items[{i}].{key}")
                require(value, "url", str, f"{where}.items[{i}].{key}")
    bands = require_list(definition, "bands", where)
    mins = []
    for i, band in enumerate(bands):
        for key in ("id", "title", "text"):
            require(band, key, str, f"{where}.bands[{i}]")
        mins.append(require(band, "min", int, f"{where}.bands[{i}]"))
    if mins != sorted(mins, reverse=True) or mins[-1] != 0:
        raise InvalidDefinition(f"{where}.bands must run from the highest minimum down to 0")
    texts = require(definition, "texts", Mapping, where)
    for key in ("not_a_diagnosis", "get_help", "get_help_url"):
        require(texts, key, str, f"{where}.texts")


def check_answers(definition: Mapping, answers: Any, noun: str = "question") -> dict[str, int]:
    """The answers as {item id: value}; every item answered with a point of the scale.

    Messages name questions by their number on the page ("question 4"), as the visitor
    sees them; `items` on the error lists the ids so the page can point at them.
    """
    high = len(definition["scale"]["points"]) - 1
    position, bad, missing = sort_answers(definition, answers, noun, 0, high)
    if bad:
        numbers = [position[k] for k in bad]
        labels = ", ".join(p["label"] for p in definition["scale"]["points"])
        plural = noun if len(numbers) == 1 else noun + "s"
        raise OutOfRange(
            f"The answer to {plural} {numbered(numbers)} is not one of the choices "
            f"({labels}). Please choose one of them.",
            bad,
        )
    if missing:
        numbers = [position[k] for k in missing]
        if len(numbers) == 1:
            text = f"{noun.capitalize()} {numbers[0]} is not answered yet."
        else:
            text = f"{len(numbers)} {noun}s are not answered yet: {numbered(numbers)}."
        raise MissingAnswers(text + " Please choose an answer for each one.", missing)
    return {key: int(value) for key, value in answers.items()}


def band_for(definition: Mapping, total: int) -> dict:
    """The first band (highest minimum first) whose minimum the total reaches."""
    for band in definition["bands"]:
        if total >= band["min"]:
            return {key: band[key] for key in ("id", "title", "text")}
    raise InvalidDefinition("definition.bands must end with a band whose minimum is 0")


def label(definition: Mapping, value: int) -> str:
    return definition["scale"]["points"][value]["label"]


def noticed(definition: Mapping, given: Mapping[str, int], fields: tuple[str, ...]) -> list[dict]:
    """Signs answered above the lowest point, strongest first, each with the item `fields`."""
    top = len(definition["scale"]["points"]) - 1
    return [
        {
            "id": it["id"],
            "text": it["text"],
            "level": given[it["id"]],
            "answer": label(definition, given[it["id"]]),
            **{name: it[name] for name in fields},
        }
        for level in range(top, 0, -1)
        for it in definition["items"]
        if given[it["id"]] == level
    ]


def common(definition: Mapping) -> dict:
    """The parts every result carries: which quiz, and the reminder that it is not a diagnosis."""
    texts = definition["texts"]
    return {
        "quiz": definition["id"],
        "version": definition["version"],
        "not_a_diagnosis": texts["not_a_diagnosis"],
        "get_help": {"text": texts["get_help"], "url": texts["get_help_url"]},
    }


def unpack(payload: Any, what: str) -> tuple[Mapping, Any]:
    """(definition, answers) from an op payload, or InvalidRequest."""
    if not isinstance(payload, Mapping) or "definition" not in payload or "answers" not in payload:
        raise InvalidRequest(f"The {what} could not be scored: the request was incomplete.")
    return payload["definition"], payload["answers"]
