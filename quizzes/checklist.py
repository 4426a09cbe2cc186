"""Score the connection checklist: ten questions, no / sometimes / yes = 0 / 1 / 2.

The total runs from 0 to 20. "Yes" answers are strengths; "no" and "sometimes" answers
are growth areas, "no" first, each with one thing to try this week and the guide chapter
that helps. The band (from the definition) is worded as a prompt for a conversation,
not a verdict. The questions come from content/data/checklist.yml via the build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from . import selfcheck

ITEM_KEYS = {"area": str, "try_this": str, "chapter": Mapping}


def check_definition(definition: Any) -> None:
    selfcheck.check_definition(definition, "checklist", ITEM_KEYS)


def edition(definition: Mapping) -> str:
    """A short fingerprint of which questions, in which order: results and share codes
    made against another edition of the checklist cannot be compared item by item."""
    ids = ",".join(item["id"] for item in definition["items"])
    return hashlib.sha256(ids.encode("utf-8")).hexdigest()[:8]


def score(definition: Mapping, answers: Any) -> dict:
    """The checklist result as a JSON-ready dict."""
    check_definition(definition)
    given = selfcheck.check_answers(definition, answers)
    items = definition["items"]
    top = len(definition["scale"]["points"]) - 1
    total = sum(given.values())
    strengths = [
        {"id": it["id"], "area": it["area"], "text": it["text"]}
        for it in items
        if given[it["id"]] == top
    ]
    growth = [
        {
            "id": it["id"],
            "area": it["area"],
            "text": it["text"],
            "level": given[it["id"]],
            "answer": selfcheck.label(definition, given[it["id"]]),
            "try_this": it["try_this"],
            "chapter": dict(it["chapter"]),
        }
        # the clearest gaps first; within a level, the order of the questions
        for level in range(top)
        for it in items
        if given[it["id"]] == level
    ]
    return {
        **selfcheck.common(definition),
        "edition": edition(definition),
        "score": total,
        "max": top * len(items),
        "levels": {it["id"]: given[it["id"]] for it in items},
        "band": selfcheck.band_for(definition, total),
        "strengths": strengths,
        "growth": growth,
    }


def score_op(payload: Any) -> dict:
    """`checklist.score`: payload {"definition": {...}, "answers": {id: 0|1|2}}."""
    return score(*selfcheck.unpack(payload, "checklist"))


OPS = {"checklist.score": score_op}
