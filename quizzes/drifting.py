"""Score the drifting-apart check: the ten quiet signs of content/data/red_flags.yml,
each "not really / sometimes / often".

The result lists the signs the visitor recognises (often first) with one gentle step to
try for each, groups them by kind (communication, touch, attention, conflict, mood) with
the guide chapter that helps with that kind, and a band worded as a conversation prompt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import selfcheck

ITEM_KEYS = {"category": str, "try_this": str, "chapter": Mapping}


def check_definition(definition: Any) -> None:
    selfcheck.check_definition(definition, "drifting", ITEM_KEYS)


def score(definition: Mapping, answers: Any) -> dict:
    """The drifting-apart result as a JSON-ready dict."""
    check_definition(definition)
    given = selfcheck.check_answers(definition, answers, noun="sign")
    items = definition["items"]
    top = len(definition["scale"]["points"]) - 1
    total = sum(given.values())
    noticed = selfcheck.noticed(definition, given, ("category", "try_this"))
    categories: dict[str, dict] = {}
    for it in items:
        if given[it["id"]]:
            group = categories.setdefault(
                it["category"],
                {"category": it["category"], "count": 0, "chapter": dict(it["chapter"])},
            )
            group["count"] += 1
    return {
        **selfcheck.common(definition),
        "score": total,
        "max": top * len(items),
        "noticed": noticed,
        "categories": sorted(categories.values(), key=lambda g: -g["count"]),
        "band": selfcheck.band_for(definition, total),
    }


def score_op(payload: Any) -> dict:
    """`drifting.score`: payload {"definition": {...}, "answers": {id: 0|1|2}}."""
    return score(*selfcheck.unpack(payload, "drifting-apart check"))


OPS = {"drifting.score": score_op}
