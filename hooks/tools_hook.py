"""MkDocs hook for the self-checks of the tools engineer: checklist, over-dependence,
drifting apart, and the saved-results page.

A thin adapter over `hooks.tooldefs`: it derives each definition from its collection,
writes it as JSON for the engine (`assets/quizzes/<tool>.json`, generated in memory), and
replaces `<!-- tool: NAME -->` / `<!-- tool: NAME view=paper -->` markers with the form
or paper version rendered from `overrides/partials/tend/tools/<NAME>.html`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from hooks.collections import load_collections_once
from hooks.render import make_env, relative_link
from hooks.tooldefs import BUILDERS, TOOL_PAGES, make_linker, nav_titles, pages_needed
from hooks.yamlsource import ContentError

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(
    r"^<!--\s*tool:\s*(?P<name>[a-z]+)(?:\s+view=(?P<view>[a-z]+))?\s*-->[ \t]*$", re.M
)
_state: dict[str, object] = {}


def definition_url(tool: str) -> str:
    return f"assets/quizzes/{tool}.json"  # where engine.js `loadDefinition` looks


def on_config(config):
    try:
        _state["collections"] = load_collections_once(ROOT / "content" / "data", display_root=ROOT)
    except ContentError as exc:
        raise PluginError(f"content is not valid:\n{exc}") from None
    _state["env"] = make_env(config.theme.get_env().loader)
    _state["titles"] = nav_titles(config.nav)
    return config


def on_files(files, config):
    urls = {f.src_uri: f.url for f in files.documentation_pages()}
    missing = sorted(p for p in pages_needed() if p not in urls)
    if missing:
        raise PluginError(f"the self-checks link to pages that do not exist: {', '.join(missing)}")
    collections = _state["collections"]
    definitions = {}
    for tool, (collection, build) in BUILDERS.items():
        if collection not in collections.items:
            continue

        def resolve(ref: str) -> str:
            """Site-relative URL (the page resolves it against the site root)."""
            path, _, anchor = ref.partition("#")
            return f"{urls[path]}#{anchor}" if anchor else urls[path]

        definitions[tool] = build(collections[collection], make_linker(resolve, _state["titles"]))
        files.append(
            File.generated(
                config,
                definition_url(tool),
                content=json.dumps(definitions[tool], ensure_ascii=False),
            )
        )
    _state["definitions"], _state["urls"] = definitions, urls
    return files


def on_page_markdown(markdown, page, config, files):
    env: jinja2.Environment = _state["env"]  # type: ignore[assignment]
    definitions: dict = _state["definitions"]  # type: ignore[assignment]

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1
        name, view = match["name"], match["view"] or "form"
        where = f"content/pages/{page.file.src_uri}:{line}"
        if name != "history" and name not in definitions:
            collection = BUILDERS.get(name, (name,))[0]
            raise PluginError(f"{where}: tool {name!r} needs content/data/{collection}.yml")
        try:
            macro = getattr(env.get_template(f"partials/tend/tools/{name}.html").module, view)
        except (jinja2.TemplateError, AttributeError) as exc:
            raise PluginError(f"{where}: cannot render tool {name!r} ({view}): {exc}") from None
        json_url = relative_link(
            definition_url("checklist" if name == "history" else name), page.file.url
        )
        links = {
            ref: relative_link(_state["urls"][ref], page.file.url)  # type: ignore[index]
            for ref in (
                "get-help.md",
                *TOOL_PAGES.values(),
                "tools/attachment.md",
                "tools/history.md",
            )
            if ref in _state["urls"]  # type: ignore[operator]
        }
        return str(macro(definitions.get(name), json_url, links)).strip() + "\n"

    return MARKER.sub(replace, markdown)
