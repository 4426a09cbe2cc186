"""The saved history: what "Save on this device" keeps, checked on every load.

The page keeps one JSON text in localStorage and hands it here; nothing is stored unless
the visitor asks. The current layout (version 2):

    {"format": "tend-history", "version": 2,
     "entries": [{"tool": "checklist", "saved_at": "2026-11-25T20:00:00.000Z",
                  "result": {"score": 14, "max": 20, "edition": "...", "levels": {...}}},
                 {"tool": "attachment", "saved_at": "...",
                  "result": {"anxiety": 3.42, "avoidance": 2.1, "pattern": "secure"}}]}

Version 1, the first layout, kept one list per tool, dated by day only:
`{"format": "tend-history", "version": 1, "checklist": [{"date", "score", "levels"}],
"attachment": [{"date", "anxiety", "avoidance"}]}`. It is read and migrated in memory;
the migrated layout is only written when the visitor next saves or imports.

Data that is not JSON, not ours, damaged, or from a newer version raises a StorageError
whose message says so plainly; the page then shows it and writes nothing over it.
An entry is identified by (tool, saved_at): merging an imported file adds only the
entries the device does not have yet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .errors import InvalidRequest, QuizError

FORMAT = "tend-history"
VERSION = 2
TOOLS = ("checklist", "attachment")
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ENTRIES = 5000


class StorageError(QuizError):
    """Saved data that cannot be used as it is. It is reported and left untouched."""

    kind = "storage"


class CorruptHistory(StorageError):
    kind = "storage-corrupt"


class ForeignHistory(StorageError):
    kind = "storage-foreign"


class FutureHistory(StorageError):
    kind = "storage-future"


def _where(source: str) -> str:
    return {"device": "The results saved on this device", "file": "The file you chose"}[source]


def _corrupt(source: str, why: str) -> CorruptHistory:
    tail = (
        " They have been left exactly as they are. You can download them as they are, or forget "
        "everything on this device to start again."
        if source == "device"
        else " Nothing was imported; your saved results are unchanged."
    )
    return CorruptHistory(f"{_where(source)} could not be read: {why}.{tail}")


def _number(value: Any, low: float, high: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high


def _instant(value: Any) -> bool:
    if not isinstance(value, str) or not _INSTANT.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _check_result(tool: str, result: Any) -> str | None:
    """None if `result` is a valid stored result of `tool`, else what is wrong."""
    if not isinstance(result, Mapping):
        return "a result is missing"
    if tool == "checklist":
        levels = result.get("levels")
        if not isinstance(levels, Mapping) or not levels:
            return "a checklist result has no answers"
        if not all(
            isinstance(k, str) and _ID.match(k) and v in (0, 1, 2) and not isinstance(v, bool)
            for k, v in levels.items()
        ):
            return "a checklist result has an answer that is not no, sometimes or yes"
        if result.get("max") != 2 * len(levels) or result.get("score") != sum(levels.values()):
            return "a checklist score does not match its answers"
        if "edition" in result and not isinstance(result["edition"], str):
            return "a checklist result has a broken edition mark"
        if set(result) - {"score", "max", "levels", "edition"}:
            return "a checklist result has unexpected parts"
        return None
    if not all(_number(result.get(d), 1, 7) for d in ("anxiety", "avoidance")):
        return "an attachment result has scores outside 1 to 7"
    if "pattern" in result and not (
        isinstance(result["pattern"], str) and _ID.match(result["pattern"])
    ):
        return "an attachment result has a broken pattern name"
    if set(result) - {"anxiety", "avoidance", "pattern"}:
        return "an attachment result has unexpected parts"
    return None


def _check_entries(entries: Any, source: str) -> list[dict]:
    if not isinstance(entries, list):
        raise _corrupt(source, "the list of results is missing")
    if len(entries) > MAX_ENTRIES:
        raise _corrupt(source, f"it holds more than {MAX_ENTRIES} results")
    seen = set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping) or set(entry) != {"tool", "saved_at", "result"}:
            raise _corrupt(source, f"result {n} is not laid out as a saved result")
        if entry["tool"] not in TOOLS:
            raise _corrupt(source, f"result {n} belongs to an unknown tool")
        if not _instant(entry["saved_at"]):
            raise _corrupt(source, f"result {n} has no valid date")
        problem = _check_result(entry["tool"], entry["result"])
        if problem:
            raise _corrupt(source, f"in result {n}, {problem}")
        key = (entry["tool"], entry["saved_at"])
        if key in seen:
            raise _corrupt(source, f"result {n} appears twice")
        seen.add(key)
    return sorted((dict(e) for e in entries), key=lambda e: (e["saved_at"], e["tool"]))


def _migrate_v1(data: Mapping, source: str) -> list[dict]:
    """Version 1 (one list per tool, by day) -> version 2 entries, dated at noon UTC."""
    entries = []
    for tool in TOOLS:
        old = data.get(tool, [])
        if not isinstance(old, list):
            raise _corrupt(source, f"the {tool} list is damaged")
        for n, row in enumerate(old, start=1):
            if not isinstance(row, Mapping) or not (
                isinstance(row.get("date"), str) and _DAY.match(row["date"])
            ):
                raise _corrupt(source, f"{tool} result {n} has no valid date")
            if tool == "checklist":
                levels = row.get("levels")
                result = {
                    "score": row.get("score"),
                    "max": 2 * len(levels) if isinstance(levels, Mapping) else None,
                    "levels": levels,
                }
            else:
                result = {"anxiety": row.get("anxiety"), "avoidance": row.get("avoidance")}
            entries.append(
                {"tool": tool, "saved_at": f"{row['date']}T12:00:00.000Z", "result": result}
            )
    return entries


def parse(text: Any, source: str = "device") -> dict:
    """The history held in `text` (None or "" means nothing saved), in the current layout.

    Returns {"data": history, "migrated_from": old version or None}.
    """
    if text is None or text == "":
        return {"data": empty(), "migrated_from": None}
    if not isinstance(text, str):
        raise InvalidRequest(
            "The saved results could not be passed to the engine. Please reload the page."
        )
    try:
        data = json.loads(text)
    except ValueError:
        raise _corrupt(
            source, "it is not in a format Tend can read (the text is damaged)"
        ) from None
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        what = (
            "This device holds data under Tend's name"
            if source == "device"
            else "The file you chose"
        )
        tail = (
            " that Tend did not write. It has been left as it is."
            if source == "device"
            else " is not a Tend history file. Nothing was imported."
        )
        raise ForeignHistory(what + tail)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _corrupt(source, "its version mark is missing or damaged")
    if version > VERSION:
        tail = (
            " It has been left as it is; reload the page to get the newer version of Tend."
            if source == "device"
            else " Reload the page to get the newer version, then import it again."
        )
        raise FutureHistory(
            f"{_where(source)} was saved by a newer version of Tend (layout {version})." + tail
        )
    if version == 1:
        if set(data) - {"format", "version", *TOOLS}:
            raise _corrupt(source, "it has parts Tend does not know")
        entries = _check_entries(_migrate_v1(data, source), source)
        return {
            "data": {"format": FORMAT, "version": VERSION, "entries": entries},
            "migrated_from": 1,
        }
    if set(data) != {"format", "version", "entries"}:
        raise _corrupt(source, "it has parts missing or parts Tend does not know")
    return {
        "data": {
            "format": FORMAT,
            "version": VERSION,
            "entries": _check_entries(data["entries"], source),
        },
        "migrated_from": None,
    }


def empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "entries": []}


def dump(history: Mapping) -> str:
    """The text to store or export (stable key order, readable in a text editor)."""
    return json.dumps(history, indent=1, sort_keys=True, ensure_ascii=False)


def stored_result(tool: str, result: Mapping) -> dict:
    """What is kept of a scorer's result: numbers only, never the texts shown."""
    try:
        if tool == "checklist":
            kept = {
                "score": result["score"],
                "max": result["max"],
                "levels": dict(result["levels"]),
            }
            if "edition" in result:
                kept["edition"] = result["edition"]
        elif tool == "attachment":
            kept = {
                "anxiety": result["scores"]["anxiety"],
                "avoidance": result["scores"]["avoidance"],
            }
            if isinstance(result.get("pattern"), Mapping):
                kept["pattern"] = result["pattern"]["id"]
        else:
            raise InvalidRequest(f"Results of {tool!r} are not saved.")
    except (KeyError, TypeError):
        raise InvalidRequest("This result cannot be saved. Please score again.") from None
    problem = _check_result(tool, kept)
    if problem:
        raise InvalidRequest(f"This result cannot be saved: {problem}.")
    return kept


def add(text: Any, tool: str, result: Mapping, saved_at: Any) -> dict:
    """The stored history plus one result; raises (and so writes nothing) if the store is bad."""
    history = parse(text)["data"]
    if not _instant(saved_at):
        raise InvalidRequest("The date of this result could not be read. Please try again.")
    entry = {"tool": tool, "saved_at": saved_at, "result": stored_result(tool, result)}
    entries = [e for e in history["entries"] if (e["tool"], e["saved_at"]) != (tool, saved_at)]
    history["entries"] = sorted([*entries, entry], key=lambda e: (e["saved_at"], e["tool"]))
    return {"data": history, "text": dump(history), "count": len(history["entries"])}


def merge(text: Any, incoming: Any) -> dict:
    """The stored history merged with an imported file, without duplicates.

    Entries already present (same tool and time) are kept as they are on the device.
    """
    mine = parse(text, "device")["data"]
    theirs = parse(incoming, "file")["data"] if incoming not in (None, "") else None
    if theirs is None:
        raise _corrupt("file", "it is empty")
    have = {(e["tool"], e["saved_at"]) for e in mine["entries"]}
    new = [e for e in theirs["entries"] if (e["tool"], e["saved_at"]) not in have]
    mine["entries"] = sorted([*mine["entries"], *new], key=lambda e: (e["saved_at"], e["tool"]))
    return {
        "data": mine,
        "text": dump(mine),
        "added": len(new),
        "already": len(theirs["entries"]) - len(new),
        "count": len(mine["entries"]),
    }


def series(text: Any, definition: Mapping | None = None) -> dict:
    """Points for the trend charts: overall checklist score, each area, and the two
    attachment scores, each as [{"at": saved_at, "value": n}] in time order."""
    history = parse(text)["data"]
    names = {}
    if isinstance(definition, Mapping):
        names = {it.get("id"): it.get("area", it.get("id")) for it in definition.get("items", [])}
    checklist = [e for e in history["entries"] if e["tool"] == "checklist"]
    attachment = [e for e in history["entries"] if e["tool"] == "attachment"]
    area_ids: list[str] = [a for a in names if any(a in e["result"]["levels"] for e in checklist)]
    for e in checklist:
        area_ids += [k for k in e["result"]["levels"] if k not in area_ids]
    return {
        "count": len(history["entries"]),
        "checklist": {
            "overall": [
                {"at": e["saved_at"], "value": e["result"]["score"], "max": e["result"]["max"]}
                for e in checklist
            ],
            "areas": [
                {
                    "id": a,
                    "name": names.get(a, a),
                    "points": [
                        {"at": e["saved_at"], "value": e["result"]["levels"][a]}
                        for e in checklist
                        if a in e["result"]["levels"]
                    ],
                }
                for a in area_ids
            ],
        },
        "attachment": {
            d: [{"at": e["saved_at"], "value": e["result"][d]} for e in attachment]
            for d in ("anxiety", "avoidance")
        },
    }


def _get(payload: Any, *keys: str) -> Mapping:
    if not isinstance(payload, Mapping) or any(k not in payload for k in keys):
        raise InvalidRequest(
            "The request about saved results was incomplete. Please reload the page."
        )
    return payload


def load_op(payload: Any) -> dict:
    """`history.load`: {text} -> {data, migrated_from, count}."""
    out = parse(_get(payload, "text")["text"])
    return {**out, "count": len(out["data"]["entries"]), "text": dump(out["data"])}


def add_op(payload: Any) -> dict:
    """`history.add`: {text, tool, result, saved_at} -> {data, text, count}."""
    p = _get(payload, "text", "tool", "result", "saved_at")
    return add(p["text"], p["tool"], p["result"], p["saved_at"])


def merge_op(payload: Any) -> dict:
    """`history.merge`: {text, incoming} -> {data, text, added, already, count}."""
    p = _get(payload, "text", "incoming")
    return merge(p["text"], p["incoming"])


def series_op(payload: Any) -> dict:
    """`history.series`: {text, definition?} -> chart series."""
    p = _get(payload, "text")
    return series(p["text"], p.get("definition"))


OPS = {
    "history.load": load_op,
    "history.add": add_op,
    "history.merge": merge_op,
    "history.series": series_op,
}
