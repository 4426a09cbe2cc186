"""Score the over-dependence check: eight signs, each "not really / sometimes / often".

The result lists the signs the visitor recognises (often first), a gentle band, and the
chapters that help. Some signs can also point to control or coercion (`suggests_control`
in content/data/dependence_signs.yml): if any of those is recognised at all, the result
carries a careful safety note that points to the Get help page. Comparing with a
partner is deliberately not offered for this check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import selfcheck
from .definition import require, require_list
from .errors import InvalidDefinition

ITEM_KEYS = {"suggests_control": bool}


def check_definition(definition: Any) -> None:
    selfcheck.check_definition(definition, "dependence", ITEM_KEYS)
    for i, link in enumerate(require_list(definition, "chapters", "definition")):
        require(link, "title", str, f"definition.chapters[{i}]")
        require(link, "url", str, f"definition.chapters[{i}]")
    safety = require(definition, "safety", Mapping, "definition")
    for key in ("title", "text", "url"):
        require(safety, key, str, "definition.safety")
    if not any(item["suggests_control"] for item in definition["items"]):
        raise InvalidDefinition("definition.items: no sign is marked suggests_control")


def score(definition: Mapping, answers: Any) -> dict:
    """The over-dependence result as a JSON-ready dict."""
    check_definition(definition)
    given = selfcheck.check_answers(definition, answers, noun="sign")
    items = definition["items"]
    top = len(definition["scale"]["points"]) - 1
    total = sum(given.values())
    noticed = selfcheck.noticed(definition, given, ("suggests_control",))
    control = [n["id"] for n in noticed if n["suggests_control"]]
    return {
        **selfcheck.common(definition),
        "score": total,
        "max": top * len(items),
        "noticed": noticed,
        "band": selfcheck.band_for(definition, total),
        "chapters": [dict(c) for c in definition["chapters"]],
        "safety": dict(definition["safety"], signs=control) if control else None,
    }


def score_op(payload: Any) -> dict:
    """`dependence.score`: payload {"definition": {...}, "answers": {id: 0|1|2}}."""
    return score(*selfcheck.unpack(payload, "over-dependence check"))


OPS = {"dependence.score": score_op}
