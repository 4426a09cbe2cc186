"""Side by side: your result and your partner's (decoded from a share code).

For the checklist: the questions where your answers differ, and the ones you both see as
room to grow. For the attachment self-check: both points, each partner's nearest pattern,
and a note on how that pairing often plays out, written without blame: patterns are
tendencies in answers, not types, and every pairing can grow closer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InvalidRequest

PATTERNS = {  # (anxiety higher?, avoidance higher?) -> pattern id
    (False, False): "secure",
    (True, False): "anxious",
    (False, True): "avoidant",
    (True, True): "fearful-avoidant",
}
DEFAULT_NAMES = {
    "secure": "Secure",
    "anxious": "Anxious",
    "avoidant": "Avoidant",
    "fearful-avoidant": "Fearful-avoidant",
}

SAFETY = (
    "Comparing results is meant for couples who feel safe with each other. If there is fear, "
    "pressure, control or violence in your relationship, please do not use it; the Get help page "
    "lists confidential support."
)

CHECKLIST_NOTE = (
    "Different answers are not a score to settle: you each see the relationship from where you "
    'stand. Take one difference at a time and ask, with curiosity, "What makes you say that?" '
    "Listen first; the aim is to understand each other, not to agree on the right answer."
)

# Notes on pairings, keyed by the two pattern ids in alphabetical order.
PAIRINGS = {
    ("secure", "secure"): (
        "Two steady bases",
        "You both tend to find closeness and independence fairly easy. That gives you room to "
        "talk about hard things. Keep up the small rituals that got you here, especially in "
        "stressful seasons, when anyone can drift.",
    ),
    ("anxious", "secure"): (
        "Reassurance and steadiness",
        "One of you tends to want more reassurance; the other tends to feel settled. Small, "
        "predictable signs of care, such as a message at a time you agreed, can calm a lot of "
        "worry. Saying the need out loud works better than testing for it.",
    ),
    ("avoidant", "secure"): (
        "Space and welcome",
        "One of you tends to need more room; the other tends to be comfortable with closeness. "
        "Agreeing on time apart that is planned, and a clear way back to each other, helps the "
        "one who needs space feel free and the other feel secure.",
    ),
    ("fearful-avoidant", "secure"): (
        "Patience on both sides",
        "One of you may long for closeness and feel wary of it at the same time. Steady, "
        "consistent care without pressure helps, and so does naming the push and pull when it "
        "happens. Support from a counsellor can make this easier for both of you.",
    ),
    ("anxious", "avoidant"): (
        "The pursue and withdraw cycle",
        "This pairing often falls into a loop: the more one partner reaches out for reassurance, "
        "the more the other needs space, and the more space is taken, the harder the first one "
        "reaches. Neither of you is the problem; the cycle is. Try naming it together (\"we're in "
        'the loop again"), agreeing on a pause with a set time to come back, and each saying '
        "what you need in one sentence.",
    ),
    ("anxious", "anxious"): (
        "Two people who care about closeness",
        "You both tend to want plenty of reassurance. That can mean a lot of warmth, and also "
        "worries that feed each other. Regular check-ins and a habit of saying needs plainly can "
        "stop small doubts from growing.",
    ),
    ("avoidant", "avoidant"): (
        "Two people who value independence",
        "You both tend to value your own space. Life can feel calm, yet you may drift apart "
        "without noticing. Small rituals that you choose together, and do even when busy, keep "
        "you connected without crowding either of you.",
    ),
    ("anxious", "fearful-avoidant"): (
        "Closeness wanted, closeness feared",
        "One of you tends to seek reassurance; the other may want closeness and pull back from "
        "it. Moments of distance can feel alarming to one and relieving to the other. Naming the "
        "pattern gently, and agreeing how to come back after a pause, can help you both.",
    ),
    ("avoidant", "fearful-avoidant"): (
        "Two people who protect themselves",
        "You may both step back when things get close or difficult. Little by little, small "
        "safe risks, such as sharing one feeling a day, help build trust. A counsellor can help "
        "if stepping back has become the usual way.",
    ),
    ("fearful-avoidant", "fearful-avoidant"): (
        "Wanting closeness, and feeling wary of it",
        "You may both move between reaching out and pulling away. Going slowly, being "
        "predictable with each other, and getting support from a counsellor can help you feel "
        "safer together.",
    ),
}


def pattern_of(scores: Mapping, midpoint: float) -> str:
    """The quadrant of a point: "higher" means strictly above the midpoint (as the scorer)."""
    return PATTERNS[(scores["anxiety"] > midpoint, scores["avoidance"] > midpoint)]


def compare_attachment(mine: Mapping, partner: Mapping, names: Mapping[str, str]) -> dict:
    midpoint = float(mine.get("scale", {}).get("midpoint", 4))
    mine_scores = {d: float(mine["scores"][d]) for d in ("anxiety", "avoidance")}
    partner_scores = {d: float(partner["scores"][d]) for d in ("anxiety", "avoidance")}
    a, b = pattern_of(mine_scores, midpoint), pattern_of(partner_scores, midpoint)
    title, text = PAIRINGS[tuple(sorted((a, b)))]
    return {
        "tool": "attachment",
        "mine": {"scores": mine_scores, "pattern": {"id": a, "name": names.get(a, a)}},
        "partner": {"scores": partner_scores, "pattern": {"id": b, "name": names.get(b, b)}},
        "pairing": {"title": title, "text": text},
        "safety": SAFETY,
    }


def compare_checklist(mine: Mapping, partner: Mapping, definition: Mapping) -> dict:
    labels = [p["label"] for p in definition["scale"]["points"]]
    differ, both_growing, same = [], [], 0
    for item in definition["items"]:
        m, p = mine["levels"][item["id"]], partner["levels"][item["id"]]
        row = {
            "id": item["id"],
            "area": item["area"],
            "text": item["text"],
            "mine": {"value": m, "label": labels[m]},
            "partner": {"value": p, "label": labels[p]},
            "try_this": item["try_this"],
            "chapter": dict(item["chapter"]),
        }
        if m != p:
            differ.append(row)
        else:
            same += 1
            if m < len(labels) - 1:
                both_growing.append(row)
    return {
        "tool": "checklist",
        "mine": {"score": sum(mine["levels"].values())},
        "partner": {"score": sum(partner["levels"].values())},
        "max": (len(labels) - 1) * len(definition["items"]),
        "differ": differ,
        "same": same,
        "both_growing": both_growing,
        "note": CHECKLIST_NOTE,
        "safety": SAFETY,
    }


def compare_op(payload: Any) -> dict:
    """`share.compare`: {tool, mine (your result), partner (from share.decode), definition}."""
    if not isinstance(payload, Mapping) or any(
        k not in payload for k in ("tool", "mine", "partner")
    ):
        raise InvalidRequest("The comparison could not be made: the request was incomplete.")
    tool, mine, partner = payload["tool"], payload["mine"], payload["partner"]
    definition = payload.get("definition")
    try:
        if tool == "attachment":
            names = dict(DEFAULT_NAMES)
            if isinstance(definition, Mapping):
                names.update({p["id"]: p["name"] for p in definition.get("patterns", [])})
            return compare_attachment(mine, partner, names)
        if tool == "checklist" and isinstance(definition, Mapping):
            return compare_checklist(mine, partner, definition)
    except (KeyError, TypeError, ValueError, IndexError):
        raise InvalidRequest("The two results could not be compared. Please score again.") from None
    raise InvalidRequest(f"Results of {tool!r} cannot be compared.")


OPS = {"share.compare": compare_op}
