"""Quiz definitions: YAML in `quizzes/definitions/`, validated with file and line, JSON out.

Pure functions, no MkDocs. `load_definitions` reads and validates every definition and
raises ContentError listing every problem as `file:line: where: message`, like the
content collections. `engine_json` turns one into the plain dict the engine scores
against (page references resolved to site URLs, chapter titles taken from the nav),
and checks it once more with the engine's own validator.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quizzes import attachment
from quizzes.errors import InvalidDefinition

from .collections import where
from .schemas import Page, Slug, Text
from .yamlsource import ContentError, Document, Problem, read_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePoint(_Strict):
    value: int
    label: Text


class Scoring(_Strict):
    midpoint: float
    margin: float = Field(gt=0, description="How near the midpoint counts as close to the middle")


class Dimension(_Strict):
    id: Slug
    name: Text
    meaning: Text = Field(description="What the dimension measures, in plain words")
    lower: Text = Field(description="What a score at or below the midpoint suggests")
    higher: Text = Field(description="What a score above the midpoint suggests")
    middle: Text = Field(description="What a score close to the midpoint suggests")


class Statement(_Strict):
    id: Slug
    dimension: Slug
    reverse: bool = Field(description="True if agreeing means LESS of the dimension (scored 8 - x)")
    text: Text


Level = Literal["lower", "higher"]


class Pattern(_Strict):
    id: Literal["secure", "anxious", "avoidant", "fearful-avoidant"]
    name: Text
    anxiety: Level
    avoidance: Level
    summary: Text
    what_helps: list[Text] = Field(min_length=1)
    chapters: list[Page] = Field(min_length=1)


class Texts(_Strict):
    middle: Text
    not_a_diagnosis: Text
    get_help: Text
    get_help_page: Page


class AttachmentQuiz(_Strict):
    id: Slug
    kind: Literal["attachment"]
    version: int = Field(ge=1)
    title: Text
    instructions: Text
    scale: list[ScalePoint] = Field(min_length=2)
    scoring: Scoring
    dimensions: list[Dimension] = Field(min_length=2, max_length=2)
    items: list[Statement]
    patterns: list[Pattern] = Field(min_length=4, max_length=4)
    texts: Texts


MODELS: dict[str, type[_Strict]] = {"attachment": AttachmentQuiz}
MIN_ITEMS_PER_DIMENSION = 12


@dataclass
class QuizDefinition:
    """A validated definition and the document it came from (for line numbers)."""

    model: AttachmentQuiz
    doc: Document

    @property
    def id(self) -> str:
        return self.model.id


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The (nested) model that owns the field at `loc`, for listing its allowed fields."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            break
        inner = [a for a in (field.annotation, *typing.get_args(field.annotation))
                 if isinstance(a, type) and issubclass(a, BaseModel)]
        if not inner:
            break
        current = inner[0]
    return current


def _message(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    if error["type"] == "missing":
        return "required field missing"
    if error["type"] == "extra_forbidden":
        owner = _model_at(model, tuple(error["loc"]))
        return f"unknown field (allowed: {', '.join(owner.model_fields)})"
    msg = error["msg"]
    return msg[0].lower() + msg[1:]


def _consistency(name: str, doc: Document, quiz: AttachmentQuiz) -> list[Problem]:
    """What a schema cannot say: scale, ids, balance of keys, the four quadrants."""
    problems: list[Problem] = []

    def add(loc: tuple[Any, ...], message: str) -> None:
        problems.append(Problem(doc.file, doc.line_of(loc), where(name, loc), message))

    values = [p.value for p in quiz.scale]
    if values != list(range(1, len(values) + 1)):
        add(("scale",), f"every point from 1 upwards needs a label, in order (found values {values})")
    if quiz.scoring.midpoint * 2 != 1 + len(values):
        add(("scoring", "midpoint"), f"must be the middle of the scale, {(1 + len(values)) / 2:g}")
    dims = [d.id for d in quiz.dimensions]
    if sorted(dims) != sorted(attachment.DIMENSIONS):
        add(("dimensions",), f"must be exactly {', '.join(attachment.DIMENSIONS)}")
    seen: dict[str, int] = {}
    for i, item in enumerate(quiz.items):
        if item.id in seen:
            add(("items", i, "id"), f"duplicate id {item.id!r} (also items[{seen[item.id]}])")
        seen.setdefault(item.id, i)
        if item.dimension not in dims:
            add(("items", i, "dimension"), f"unknown dimension {item.dimension!r} (known: {', '.join(dims)})")
    for dim in dims:
        mine = [item for item in quiz.items if item.dimension == dim]
        if len(mine) < MIN_ITEMS_PER_DIMENSION:
            add(("items",), f"{dim} has {len(mine)} statements; it needs at least {MIN_ITEMS_PER_DIMENSION}")
        reversed_ = sum(item.reverse for item in mine)
        if mine and not 0.4 <= reversed_ / len(mine) <= 0.6:
            add(("items",), f"{dim}: {reversed_} of {len(mine)} statements are reverse-keyed; "
                            "about half should be")
    corners: dict[tuple[str, str], int] = {}
    for i, pattern in enumerate(quiz.patterns):
        corner = (pattern.anxiety, pattern.avoidance)
        if corner in corners:
            add(("patterns", i), f"same quadrant as patterns[{corners[corner]}]")
        corners.setdefault(corner, i)
    return problems


def validate_definition(name: str, doc: Document) -> AttachmentQuiz:
    """Validate one parsed definition; raise ContentError with every problem found."""
    model = MODELS.get(doc.data.get("kind") if isinstance(doc.data, dict) else None)
    if model is None:
        raise ContentError([Problem(doc.file, 1, name, f"kind must be one of {', '.join(MODELS)}")])
    try:
        quiz = model.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentError([
            Problem(doc.file, doc.line_of(err["loc"]), where(name, err["loc"]), _message(err, model))
            for err in exc.errors()
        ]) from None
    problems = _consistency(name, doc, quiz)
    if problems:
        raise ContentError(problems)
    return quiz


def load_definitions(folder: Path, display_root: Path | None = None) -> dict[str, QuizDefinition]:
    """Every `*.yml` in `folder`, validated; the file's stem must equal its `id`."""
    found, problems = {}, []
    for path in sorted(folder.glob("*.yml")):
        display = str(path.relative_to(display_root)) if display_root else str(path)
        try:
            doc = read_yaml(path, display)
            quiz = validate_definition(path.stem, doc)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if quiz.id != path.stem:
            problems.append(Problem(display, doc.line_of(("id",)), f"{path.stem}.id",
                                    f"must be {path.stem!r}, the file's name"))
        found[quiz.id] = QuizDefinition(quiz, doc)
    if problems:
        raise ContentError(problems)
    return found


def page_refs(definition: QuizDefinition) -> list[tuple[tuple[Any, ...], str]]:
    """(location, page) of every page the definition links to."""
    quiz = definition.model
    refs = [(("texts", "get_help_page"), quiz.texts.get_help_page)]
    for i, pattern in enumerate(quiz.patterns):
        refs += [(("patterns", i, "chapters", j), page) for j, page in enumerate(pattern.chapters)]
    return refs


def check_page_refs(definitions: Mapping[str, QuizDefinition], pages: set[str]) -> None:
    """Raise ContentError for links to pages that do not exist."""
    problems = [
        Problem(d.doc.file, d.doc.line_of(loc), where(d.id, loc), f"no page {page!r} in content/pages")
        for d in definitions.values()
        for loc, page in page_refs(d)
        if page.split("#")[0] not in pages
    ]
    if problems:
        raise ContentError(problems)


@dataclass(frozen=True)
class SiteLinks:
    """How page references become links: the site-root-relative URL and the nav title."""

    url_of: Callable[[str], str]
    title_of: Callable[[str], str]


def engine_json(definition: QuizDefinition, links: SiteLinks) -> dict:
    """The definition as the engine reads it; checked by the engine's own validator."""
    quiz = definition.model
    data = quiz.model_dump(exclude={"scale", "patterns", "texts"})
    data["scale"] = {"points": [p.model_dump() for p in quiz.scale]}
    data["patterns"] = [
        {**p.model_dump(exclude={"chapters"}),
         "chapters": [{"title": links.title_of(ref), "url": links.url_of(ref)} for ref in p.chapters]}
        for p in quiz.patterns
    ]
    texts = quiz.texts.model_dump(exclude={"get_help_page"})
    texts["get_help_url"] = links.url_of(quiz.texts.get_help_page)
    data["texts"] = texts
    try:
        attachment.check_definition(data)
    except InvalidDefinition as exc:  # the schemas above should make this unreachable
        raise ContentError([Problem(definition.doc.file, 1, definition.id, exc.message)]) from None
    return data


def paper_key(definition: QuizDefinition) -> list[dict]:
    """For the paper version: per dimension, its statement numbers, split by keying."""
    quiz = definition.model
    number = {item.id: n for n, item in enumerate(quiz.items, start=1)}
    return [
        {
            "id": dim.id, "name": dim.name,
            "straight": [number[i.id] for i in quiz.items if i.dimension == dim.id and not i.reverse],
            "reversed": [number[i.id] for i in quiz.items if i.dimension == dim.id and i.reverse],
            "count": sum(1 for i in quiz.items if i.dimension == dim.id),
        }
        for dim in quiz.dimensions
    ]

