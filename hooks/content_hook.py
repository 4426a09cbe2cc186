"""MkDocs hook: load the content collections and render them into pages.

A thin adapter: the work is done by `hooks.collections` and `hooks.render`.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from hooks.collections import (
    Collections,
    check_page_anchors,
    check_page_refs,
    load_collections_once,
)
from hooks.render import RenderContext, RenderError, make_env, render_markers
from hooks.yamlsource import ContentError

ROOT = Path(__file__).resolve().parent.parent
_state: dict[str, object] = {}
_ID = re.compile(r'\sid="([^"]+)"')


def on_config(config):
    """Load and validate every collection before anything else is built."""
    try:
        _state["collections"] = load_collections_once(ROOT / "content" / "data", display_root=ROOT)
    except ContentError as exc:
        raise PluginError(f"content is not valid:\n{exc}") from None
    _state["env"] = make_env(config.theme.get_env().loader)
    return config


def on_files(files, config):
    """Check that every page a collection links to exists."""
    pages = {f.src_uri for f in files.documentation_pages()}
    try:
        check_page_refs(_state["collections"], pages)
    except ContentError as exc:
        raise PluginError(f"content is not valid:\n{exc}") from None
    _state["page_urls"] = {f.src_uri: f.url for f in files.documentation_pages()}
    _state["anchors"] = {}
    return files


def on_page_markdown(markdown, page, config, files):
    """Replace collection markers with HTML rendered by the collection's macro."""
    collections: Collections = _state["collections"]  # type: ignore[assignment]
    ctx = RenderContext(collections, page.file.url, _state["page_urls"])  # type: ignore[arg-type]
    try:
        src = f"content/pages/{page.file.src_uri}"
        return render_markers(markdown, src, _state["env"], ctx)  # type: ignore[arg-type]
    except RenderError as exc:
        raise PluginError(str(exc)) from None


def on_page_content(html, page, config, files):
    """Record the element ids of each rendered page, to check `page.md#anchor` references."""
    _state["anchors"][page.file.src_uri] = set(_ID.findall(html))  # type: ignore[index]
    return html


def on_env(env, config, files):
    """Every page has been rendered: check that each referenced anchor exists."""
    try:
        check_page_anchors(_state["collections"], _state["anchors"])  # type: ignore[arg-type]
    except ContentError as exc:
        raise PluginError(f"content is not valid:\n{exc}") from None
    return env
