"""Load and validate every content collection: YAML in, typed items out.

Pure functions, no MkDocs: the hooks call `load_collections_once` and `check_page_refs`.
Every problem is reported as `file:line: collection[i].field: message`.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .schemas import COLLECTIONS, Item, PageRef, Ref
from .yamlsource import ContentError, Document, Problem, read_yaml


@dataclass
class Collections:
    """All validated collections, with the documents they came from (for line numbers)."""

    items: dict[str, list[Item]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)

    def __getitem__(self, name: str) -> list[Item]:
        return self.items[name]

    def by_id(self, name: str) -> dict[str, Item]:
        return {item.id: item for item in self.items[name]}


def where(name: str, loc: tuple[Any, ...]) -> str:
    """Render a pydantic location as `name[3].field`."""
    text = name
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field missing"
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"unknown field (allowed: {allowed})"
    msg = error["msg"]
    return msg[0].lower() + msg[1:]


def validate_document(name: str, doc: Document) -> list[Item]:
    """Validate one parsed file against its collection's schema."""
    model = COLLECTIONS[name]
    if not isinstance(doc.data, list):
        found = type(doc.data).__name__
        raise ContentError([Problem(doc.file, 1, name, f"expected a list of items, found {found}")])
    try:
        items = TypeAdapter(list[model]).validate_python(doc.data)
    except ValidationError as exc:
        raise ContentError([
            Problem(doc.file, doc.line_of(err["loc"]), where(name, err["loc"]), _message(err, model))
            for err in exc.errors()
        ]) from None
    return items


def _duplicate_ids(name: str, doc: Document, items: list[Item]) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(items):
        if item.id in first:
            problems.append(Problem(
                doc.file, doc.line_of((i, "id")), where(name, (i, "id")),
                f"duplicate id {item.id!r} (also {name}[{first[item.id]}])",
            ))
        first.setdefault(item.id, i)
    return problems


def load_collections(data_dir: Path, display_root: Path | None = None) -> Collections:
    """Load every `*.yml` in `data_dir`; raise ContentError listing all problems."""
    result, problems = Collections(), []
    for path in sorted(data_dir.glob("*.yml")):
        display = str(path.relative_to(display_root)) if display_root else str(path)
        name = path.stem
        if name not in COLLECTIONS:
            known = ", ".join(sorted(COLLECTIONS))
            problems.append(Problem(display, 1, "", f"unknown collection {name!r} (known: {known})"))
            continue
        try:
            doc = read_yaml(path, display)
            items = validate_document(name, doc)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_duplicate_ids(name, doc, items))
        result.items[name], result.documents[name] = items, doc
    problems.extend(_dangling_refs(result))
    if problems:
        raise ContentError(problems)
    return result


_loaded: dict[tuple, Collections] = {}


def load_collections_once(data_dir: Path, display_root: Path | None = None) -> Collections:
    """`load_collections`, done once per state of the files: the hooks that render the
    guide and the tools share one load per build, and an edit (under `mkdocs serve`)
    changes the key, so the next build reads the files again."""
    key = (str(data_dir), str(display_root),
           tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*.yml"))))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load_collections(data_dir, display_root)
    return _loaded[key]


def _markers(annotation: Any) -> list[Any]:
    """Ref/PageRef markers anywhere inside a (possibly nested) type annotation."""
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):
        found.extend(_markers(arg))
    return [m for m in found if isinstance(m, Ref | PageRef)]


def _reference_fields(model: type[BaseModel]) -> dict[str, list[Any]]:
    fields = {}
    for fname, info in model.model_fields.items():
        markers = [m for m in info.metadata if isinstance(m, Ref | PageRef)]
        markers += _markers(info.annotation)
        if markers:
            fields[fname] = markers
    return fields


def references(collections: Collections):
    """Yield (collection, index, field, value, marker) for every cross-reference."""
    for name, items in collections.items.items():
        for fname, markers in _reference_fields(COLLECTIONS[name]).items():
            for i, item in enumerate(items):
                value = getattr(item, fname)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if v is not None:
                        yield name, i, fname, v, markers[0]


def _ref_problem(c: Collections, name: str, i: int, fname: str, message: str) -> Problem:
    doc = c.documents[name]
    return Problem(doc.file, doc.line_of((i, fname)), where(name, (i, fname)), message)


def _dangling_refs(c: Collections) -> list[Problem]:
    problems = []
    for name, i, fname, value, marker in references(c):
        if isinstance(marker, Ref):
            target = c.items.get(marker.collection)
            if target is None:
                msg = f"refers to {marker.collection!r}, but content/data has no such collection"
                problems.append(_ref_problem(c, name, i, fname, msg))
            elif value not in {t.id for t in target}:
                msg = f"unknown {marker.collection} id {value!r}"
                problems.append(_ref_problem(c, name, i, fname, msg))
    return problems


def check_page_refs(c: Collections, pages: set[str]) -> None:
    """Raise ContentError for page references that name no page of the site."""
    problems = [
        _ref_problem(c, name, i, fname, f"no page {value.split('#')[0]!r} in content/pages")
        for name, i, fname, value, marker in references(c)
        if isinstance(marker, PageRef) and value.split("#")[0] not in pages
    ]
    if problems:
        raise ContentError(problems)


def json_schemas() -> dict[str, str]:
    """The JSON Schema of each collection file, as text, keyed by collection name."""
    out = {}
    for name, model in COLLECTIONS.items():
        schema = TypeAdapter(list[model]).json_schema()
        schema["title"] = f"Tend content collection: {name}"
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def check_page_anchors(c: Collections, anchors: dict[str, set[str]]) -> None:
    """Raise ContentError for page references whose `#anchor` is not an id on that page.

    `anchors` maps each page (`guide/myths.md`) to the element ids of its rendered HTML.
    """
    problems = []
    for name, i, fname, value, marker in references(c):
        if not isinstance(marker, PageRef) or "#" not in value:
            continue
        page, anchor = value.split("#", 1)
        if anchor not in anchors.get(page, set()):
            msg = f"no anchor '#{anchor}' on page {page!r} (use a heading id such as {{#{anchor}}})"
            problems.append(_ref_problem(c, name, i, fname, msg))
    if problems:
        raise ContentError(problems)
