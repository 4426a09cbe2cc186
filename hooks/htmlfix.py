"""Small fixes to the theme's HTML that its templates do not expose as blocks.

Material's base.html puts `autocomplete="off"` on two checkbox toggles, which is not
valid HTML (the attribute is not allowed on checkboxes; Nu HTML Checker error).
Overriding all of base.html to change two lines would freeze a 200-line template, so
the attribute is removed from checkbox inputs after rendering.
"""

from __future__ import annotations

import re

_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_CHECKBOX = re.compile(r"""\btype\s*=\s*["']?checkbox\b""", re.I)
_AUTOCOMPLETE = re.compile(r"""\s+autocomplete\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def drop_checkbox_autocomplete(html: str) -> str:
    """Remove `autocomplete` from every checkbox <input> in `html`."""

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        return _AUTOCOMPLETE.sub("", tag) if _CHECKBOX.search(tag) else tag

    return _INPUT.sub(fix, html)
