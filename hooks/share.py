"""Icons, the web app manifest and the social preview image: pure functions."""

from __future__ import annotations

import json
import re
from html import unescape

from hooks.pngwrite import RGB, draw, heart_painter, png_bytes

TEAL: RGB = (15, 92, 92)      # the brand's primary colour (tend.css)
CREAM: RGB = (255, 246, 238)
ICON_SIZES = (192, 512)


def icon_png(size: int, *, maskable: bool = False) -> bytes:
    """A cream heart on teal. Maskable icons keep the heart inside the 80% safe zone."""
    heart = size * (0.42 if maskable else 0.6)
    c = size / 2
    half = int(heart * 0.6) + 2
    box = (int(c - half), int(c - half), int(c + half), int(c + half))
    return png_bytes(size, size, draw(size, size, heart_painter(c, c, heart), CREAM, TEAL,
                                      box=box, samples=2))


def social_png(width: int = 1200, height: int = 630) -> bytes:
    """The preview image shown when a page is shared: the heart, centred, on teal."""
    heart = height * 0.5
    cx, cy = width / 2, height / 2
    half = int(heart * 0.6) + 2
    box = (int(cx - half), int(cy - half), int(cx + half), int(cy + half))
    return png_bytes(width, height, draw(width, height, heart_painter(cx, cy, heart), CREAM, TEAL,
                                         box=box, samples=2))


def manifest(name: str, description: str, *, theme_color: str = "#0f5c5c") -> str:
    """The web app manifest, with paths relative to itself so any sub-path works."""
    icons = [
        {"src": f"assets/images/icon-{s}.png", "sizes": f"{s}x{s}", "type": "image/png"}
        for s in ICON_SIZES
    ]
    icons.append({"src": "assets/images/icon-maskable-512.png", "sizes": "512x512",
                  "type": "image/png", "purpose": "maskable"})
    data = {
        "name": name,
        "short_name": name,
        "description": description,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": theme_color,
        "icons": icons,
    }
    return json.dumps(data, indent=2) + "\n"


def robots(site_url: str | None) -> str:
    """robots.txt: everything may be indexed; the sitemap is named when the URL is known."""
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n"
    return text


_PARA = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def describe(html: str, limit: int = 160) -> str | None:
    """A page description from its first paragraph of text, cut at a word near `limit`."""
    for match in _PARA.finditer(html):
        text = " ".join(unescape(_TAG.sub(" ", match.group(1))).split())
        text = re.sub(r"\s+([,.;:!?)])", r"\1", text)  # tags left a space before punctuation
        if len(text) < 20:
            continue
        if len(text) <= limit:
            return text
        cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
        return cut + "…"
    return None
