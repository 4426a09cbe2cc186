"""Schemas of the content collections: one pydantic model per item kind.

Each file `content/data/<name>.yml` is a list of items of `COLLECTIONS[name]`.
The same models produce the published JSON Schemas in `content/schemas/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value must be the id of an item in `collection`."""

    collection: str


@dataclass(frozen=True)
class PageRef:
    """Marks a field whose value must be a page of the site (`path.md` or `path.md#anchor`)."""


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
SourceId = Annotated[str, Ref("sources")]
Page = Annotated[str, PageRef(), StringConstraints(pattern=r"^[a-z0-9/_-]+\.md(#[a-z0-9-]+)?$")]


class Item(BaseModel):
    """Every item has a unique, URL-safe id and no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug


class Source(Item):
    authors: Text
    year: int = Field(ge=1900, le=2100)
    title: Text
    published_in: Text = Field(description="Journal, publisher or site")
    kind: Literal["book", "article", "chapter", "website"]
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = None
    note: Text | None = None


class Researcher(Item):
    name: Text
    known_for: Text
    sources: list[SourceId] = []


class Myth(Item):
    belief: Text
    reality: Text
    impact: Text = Field(description="What holding the belief tends to cost")
    instead: Text = Field(description="What to do instead")
    sources: list[SourceId] = []
    group: Literal["pop-culture", "everyday"] = Field(
        description="pop-culture: beliefs from film and dating culture; everyday: household sayings"
    )


class MythCost(Item):
    text: Text


class RedFlag(Item):
    sign: Text
    category: Literal["communication", "touch", "attention", "conflict", "mood"]
    try_this: Text = Field(description="One gentle, concrete step for a couple who notice this sign")


class AttachmentStyle(Item):
    name: Text
    summary: Text
    traits: list[Text] = Field(min_length=1)
    example: Text
    what_helps: list[Text] = Field(min_length=1)


class Definition(Item):
    term: Text
    meaning: Text
    example: Text | None = None
    see: Page | None = None
    topic: Slug | None = Field(
        default=None, description="Groups terms a chapter shows together, e.g. `check-ins`"
    )


class RitualStep(Item):
    order: int = Field(ge=1)
    step: Text
    example: Text


class MicroHabit(Item):
    habit: Text
    time_needed: Text
    how: Text


class DigitalTool(Item):
    tool: Text
    benefit: Text
    risk: Text
    best_practice: Text


class CaseStudy(Item):
    title: Text
    kind: Literal["couple", "pattern"] = Field(
        default="couple",
        description="couple: one story; pattern: how a kind of relationship tends to work",
    )
    illustrative: bool = Field(description="True for composites and invented couples: always labelled")
    summary: Text
    situation: Text
    steps: list[Text] = []
    outcome: Text
    lesson: Text


class Ritual(Item):
    place: Text
    ritual: Text
    meaning: Text


class DependenceSign(Item):
    sign: Text
    suggests_control: bool = Field(
        default=False, description="True where the sign can point to control or coercion"
    )


class Strategy(Item):
    title: Text
    how: Text
    category: Literal[
        "disconnect", "boundaries", "self-connection", "digital", "stress", "parenting", "transitions"
    ]


class ChallengeDay(Item):
    day: int = Field(ge=1, le=7)
    title: Text
    task: Text
    short: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=90)] = (
        Field(description="The task in a few words, for the printed sheet")
    )
    time_needed: Text
    why: Text


class ChecklistItem(Item):
    question: Text
    area: Text
    try_this: Text = Field(description="One concrete thing to try this week")
    chapter: Page = Field(description="The guide chapter that helps with this area")


class Mistake(Item):
    mistake: Text
    why_it_backfires: Text
    instead: Text


class FutureTrend(Item):
    title: Text
    text: Text
    category: Literal["technology", "society"]


class Resource(Item):
    title: Text
    kind: Literal["book", "article", "podcast", "community", "service"]
    description: Text
    source: SourceId | None = None


class HelpLine(Item):
    region: Text
    name: Text
    how_to_reach: list[Text] = Field(min_length=1)
    note: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = None
    kind: Literal["emergency", "support"] = Field(
        default="support",
        description="emergency: a national emergency number; support: a help line",
    )


COLLECTIONS: dict[str, type[Item]] = {
    "sources": Source,
    "researchers": Researcher,
    "myths": Myth,
    "myth_costs": MythCost,
    "red_flags": RedFlag,
    "attachment_styles": AttachmentStyle,
    "definitions": Definition,
    "ritual_steps": RitualStep,
    "micro_habits": MicroHabit,
    "digital_tools": DigitalTool,
    "case_studies": CaseStudy,
    "rituals": Ritual,
    "dependence_signs": DependenceSign,
    "strategies": Strategy,
    "challenge_days": ChallengeDay,
    "checklist": ChecklistItem,
    "mistakes": Mistake,
    "future_trends": FutureTrend,
    "resources": Resource,
    "help_lines": HelpLine,
}
