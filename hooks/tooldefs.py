"""Quiz definitions of the three-choice self-checks, derived from the content collections.

The questions live in content/data (checklist.yml, dependence_signs.yml, red_flags.yml),
owned by the guide's editors; this module only adds what makes them a self-check: the
answer scale, the result bands (worded as prompts for a conversation, not verdicts),
and links to the guide (site-relative URLs, as in the engine's own definitions).
The build writes each definition as JSON for the engine and renders the form and the
paper version from the same definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

# A link resolver: "guide/boundaries.md#anchor" -> {"title": ..., "url": relative URL}.
Linker = Callable[[str], dict]

TOOL_PAGES = {
    "checklist": "tools/checklist.md",
    "dependence": "tools/dependence.md",
    "drifting": "tools/drifting.md",
}
GET_HELP = "get-help.md"

TEXTS = {
    "not_a_diagnosis": (
        "This self-check is a prompt for reflection and conversation. It is not a diagnosis, "
        "a test or a professional assessment, and it cannot see the whole of your relationship."
    ),
    "get_help": (
        "If there is fear, pressure or harm in your relationship, or you are struggling, "
        "you deserve support. The Get help page lists places to turn to."
    ),
}

CHECKLIST_SCALE = ["No", "Sometimes", "Yes"]
SIGN_SCALE = ["Not really", "Sometimes", "Often"]

CHECKLIST_BANDS = [
    {
        "id": "plenty",
        "min": 16,
        "title": "Plenty to build on",
        "text": "Much of what keeps couples close is already part of your week. Which of your "
        "strengths would you most like to protect when life gets busy? Tell your partner "
        "one thing they do that makes a difference to you.",
    },
    {
        "id": "base",
        "min": 11,
        "title": "A good base, with room to grow",
        "text": "You have real footholds here. Pick the growth area that feels easiest to start "
        "with, and ask your partner which one they would choose. Comparing answers is "
        "a conversation in itself.",
    },
    {
        "id": "attention",
        "min": 6,
        "title": "Some areas are asking for attention",
        "text": "A score like this often reflects a busy or stressful stretch rather than anything "
        "broken. Choose one small thing to try this week, and talk together about what "
        "would help you both feel a little closer.",
    },
    {
        "id": "gently",
        "min": 0,
        "title": "A week to go gently",
        "text": "Scores like this often come with hard seasons: stress, illness, a new baby, a big "
        "change. Start with one tiny step and be kind to each other. If you both want it, a "
        "couples counsellor can help you find your way back to each other.",
    },
]

DEPENDENCE_BANDS = [
    {
        "id": "heavy",
        "min": 9,
        "title": "Closeness may be carrying too much weight",
        "text": "Many of these signs feel familiar. That is worth taking seriously, and gently: a "
        "life of your own, with friends, interests and time alone, tends to make a "
        "relationship steadier, not weaker. A counsellor can help you find your footing.",
    },
    {
        "id": "some",
        "min": 4,
        "title": "Some signs worth talking about",
        "text": "A few of these ring true. Which one would you most like to change? Naming it to "
        'your partner with an "I" statement, such as "I\'d like an evening with my '
        'friends each week", is a good first step.',
    },
    {
        "id": "room",
        "min": 0,
        "title": "Mostly room to breathe",
        "text": "Few of these signs sound like you at the moment. Keeping time for your own "
        "friends and interests helps it stay that way.",
    },
]

DEPENDENCE_SAFETY = {
    "title": "A note on safety",
    "text": "You recognised at least one sign that can go beyond closeness: guilt, pressure or "
    "threats, feeling responsible for every one of a partner's moods, or time apart "
    "treated as a betrayal. Sometimes these are part of leaning on each other too much; "
    "sometimes they are a sign of control. If you feel afraid of your partner, or "
    "pressured into things you do not want, it is not your fault and you deserve "
    "support. The Get help page lists confidential services. If you are in danger "
    "now, call your local emergency number.",
}

DEPENDENCE_CHAPTERS = ["guide/boundaries.md"]

DRIFTING_BANDS = [
    {
        "id": "drifting",
        "min": 11,
        "title": "You may be drifting",
        "text": "Many of these signs are familiar. Drifting apart is common and can be turned "
        "around, usually with small, steady steps rather than one big talk. Choose one sign "
        "below and try its step this week. If starting feels hard, a couples counsellor "
        "can help.",
    },
    {
        "id": "quiet",
        "min": 5,
        "title": "A few quiet signs",
        "text": "Some of these sound familiar. That is normal in busy lives, and noticing it is "
        "the "
        "first step. Which one would you most like to change? Ask your partner which one "
        "they notice.",
    },
    {
        "id": "close",
        "min": 0,
        "title": "Mostly staying close",
        "text": "Few of these signs sound like you at the moment. The habits that keep you close "
        "are worth protecting when life gets busy.",
    },
]

# Which chapter helps with each kind of red flag (the categories of red_flags.yml).
DRIFTING_CHAPTERS = {
    "communication": "guide/rituals-and-check-ins.md",
    "touch": "guide/rituals-and-check-ins.md",
    "attention": "guide/digital-life.md",
    "conflict": "guide/why-we-hold-back.md",
    "mood": "guide/signs-of-disconnect.md",
}

TITLES = {
    "checklist": "The connection checklist",
    "dependence": "The over-dependence check",
    "drifting": "The drifting-apart check",
}


def _scale(labels: list[str]) -> dict:
    return {"points": [{"value": i, "label": text} for i, text in enumerate(labels)]}


def _common(tool: str, link: Linker, scale: list[str], bands: list[dict]) -> dict:
    return {
        "id": tool,
        "kind": tool,
        "version": 1,
        "title": TITLES[tool],
        "scale": _scale(scale),
        "bands": bands,
        "texts": {**TEXTS, "get_help_url": link(GET_HELP)["url"]},
    }


def checklist_definition(items: Iterable[Any], link: Linker) -> dict:
    """The checklist from content/data/checklist.yml (id, question, area, try_this, chapter)."""
    return {
        **_common("checklist", link, CHECKLIST_SCALE, CHECKLIST_BANDS),
        "items": [
            {
                "id": it.id,
                "text": it.question,
                "area": it.area,
                "try_this": it.try_this,
                "chapter": link(it.chapter),
            }
            for it in items
        ],
    }


def dependence_definition(signs: Iterable[Any], link: Linker) -> dict:
    """The over-dependence check from content/data/dependence_signs.yml."""
    get_help = link(GET_HELP)["url"]
    return {
        **_common("dependence", link, SIGN_SCALE, DEPENDENCE_BANDS),
        "items": [
            {"id": s.id, "text": s.sign, "suggests_control": s.suggests_control} for s in signs
        ],
        "chapters": [link(page) for page in DEPENDENCE_CHAPTERS],
        "safety": {**DEPENDENCE_SAFETY, "url": get_help},
    }


def drifting_definition(flags: Iterable[Any], link: Linker) -> dict:
    """The drifting-apart check from content/data/red_flags.yml."""
    return {
        **_common("drifting", link, SIGN_SCALE, DRIFTING_BANDS),
        "items": [
            {
                "id": f.id,
                "text": f.sign,
                "category": f.category,
                "try_this": f.try_this,
                "chapter": link(DRIFTING_CHAPTERS[f.category]),
            }
            for f in flags
        ],
    }


BUILDERS = {
    "checklist": ("checklist", checklist_definition),
    "dependence": ("dependence_signs", dependence_definition),
    "drifting": ("red_flags", drifting_definition),
}


def nav_titles(nav: Any) -> dict[str, str]:
    """{page path: title} from the `nav` of mkdocs.yml (nested lists of {title: path})."""
    titles: dict[str, str] = {}

    def walk(entries: Any) -> None:
        for entry in entries or []:
            if isinstance(entry, Mapping):
                for title, value in entry.items():
                    if isinstance(value, str):
                        titles[value] = title
                    else:
                        walk(value)

    walk(nav)
    return titles


def pages_needed() -> set[str]:
    """Every page a definition links to (checked at build: a missing one stops it)."""
    return {GET_HELP, *DEPENDENCE_CHAPTERS, *DRIFTING_CHAPTERS.values(), *TOOL_PAGES.values()}


def make_linker(resolve: Callable[[str], str], titles: Mapping[str, str]) -> Linker:
    """A Linker from `resolve` (page ref -> site-relative URL) and nav titles."""

    def link(ref: str) -> dict:
        page = ref.split("#")[0]
        return {"title": titles.get(page, page), "url": resolve(ref)}

    return link
