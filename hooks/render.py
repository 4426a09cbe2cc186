"""Render collections into pages: a marker in the Markdown becomes HTML from a Jinja macro.

A page writes `<!-- collection: red_flags -->` on a line of its own; optional
`key=value` pairs keep only matching items, and `view=NAME` picks another macro
than `render` from `overrides/partials/tend/collections/<collection>.html`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from .collections import Collections

MARKER = re.compile(r"^<!--\s*collection:\s*(?P<name>[a-z_]+)(?P<args>(?:\s+[a-z_]+=[\w-]+)*)\s*-->[ \t]*$", re.M)


class RenderError(Exception):
    """A marker that cannot be rendered; the message names page and line."""


def make_env(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """A Jinja environment for our partials: autoescaped, strict about missing names."""
    return jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )


def relative_link(target_url: str, page_url: str) -> str:
    """URL of `target_url` relative to the page at `page_url` (both site-relative, MkDocs style)."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else "."
    rel = posixpath.relpath(target_url or ".", base or ".")
    if target_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


@dataclass
class RenderContext:
    """What a macro may use besides its items: links to pages and lookups in collections."""

    collections: Collections
    page_url: str
    page_urls: Mapping[str, str]

    def link(self, ref: str) -> str:
        """Relative URL of a page reference such as `guide/rituals.md#check-ins`."""
        path, _, anchor = ref.partition("#")
        url = relative_link(self.page_urls[path], self.page_url)
        return f"{url}#{anchor}" if anchor else url

    def lookup(self, collection: str, ids: Iterable[str] | str) -> Any:
        table = self.collections.by_id(collection)
        return table[ids] if isinstance(ids, str) else [table[i] for i in ids]


def _filtered(items: list[Any], args: dict[str, str]) -> list[Any]:
    return [i for i in items if all(str(getattr(i, k, None)).lower() == v for k, v in args.items())]


def render_markers(markdown: str, page_src: str, env: jinja2.Environment, ctx: RenderContext) -> str:
    """Replace every collection marker in `markdown` with its rendered HTML."""

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        name = match["name"]
        args = dict(pair.split("=", 1) for pair in match["args"].split())
        view = args.pop("view", "render")
        if name not in ctx.collections.items:
            raise RenderError(f"{page_src}:{line}: no collection {name!r} in content/data")
        try:
            macro: Callable[..., str] = getattr(
                env.get_template(f"partials/tend/collections/{name}.html").module, view
            )
            items = _filtered(ctx.collections[name], args)
            if not items:
                raise RenderError(f"{page_src}:{line}: marker for {name!r} matches no item")
            return str(macro(items, ctx)).strip() + "\n"
        except (jinja2.TemplateError, AttributeError) as exc:
            raise RenderError(f"{page_src}:{line}: cannot render {name!r} ({view}): {exc}") from exc

    return MARKER.sub(replace, markdown)
