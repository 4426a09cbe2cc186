"""Put a quiz's form into a page: `<!-- quiz: attachment -->` becomes accessible HTML.

The marker stands on a line of its own in the page's Markdown; it is replaced after
Markdown has run (so the form's HTML is never re-read as Markdown) by the `render`
macro of `overrides/partials/tend/quiz/<id>.html`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import jinja2

from .quizdefs import QuizDefinition, paper_key
from .render import RenderError, relative_link

MARKER = re.compile(r"^<!--\s*quiz:\s*(?P<name>[a-z0-9-]+)\s*-->[ \t]*$", re.M)


def quiz_markers(text: str) -> list[str]:
    """Ids of the quizzes a page's Markdown asks for."""
    return [m["name"] for m in MARKER.finditer(text)]


def render_quiz_markers(
    html: str, page_src: str, env: jinja2.Environment,
    definitions: Mapping[str, QuizDefinition], page_url: str, page_urls: Mapping[str, str],
) -> str:
    """Replace every quiz marker in a page's HTML with the quiz's form."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in definitions:
            known = ", ".join(sorted(definitions))
            raise RenderError(f"{page_src}: no quiz {name!r} in quizzes/definitions (known: {known})")
        definition = definitions[name]
        links = {"get_help": relative_link(page_urls[definition.model.texts.get_help_page], page_url)}
        try:
            macro = env.get_template(f"partials/tend/quiz/{name}.html").module.render
            return str(macro(definition.model, paper_key(definition), links)).strip()
        except (jinja2.TemplateError, AttributeError) as exc:
            raise RenderError(f"{page_src}: cannot render quiz {name!r}: {exc}") from exc

    return MARKER.sub(replace, html)


def nav_titles(nav: list | None) -> dict[str, str]:
    """{page path: title} from the `nav:` of mkdocs.yml (nested sections included)."""
    titles: dict[str, str] = {}

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, dict):
                for title, value in entry.items():
                    if isinstance(value, str):
                        titles[value] = title
                    elif isinstance(value, list):
                        walk(value)
    walk(nav or [])
    return titles
