"""MkDocs hook: the site as a product to deploy: icons, manifest, social image,
robots.txt, the offline service worker, and pre-compressed copies of large files.

A thin adapter over `hooks.share`, `hooks.offline` and `hooks.deploy`. Its
on_post_build runs late (low priority) so it sees every file other hooks wrote.
"""

from __future__ import annotations

import hashlib
from html import escape, unescape
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from hooks import deploy, offline, share

ROOT = Path(__file__).resolve().parent.parent
_state: dict[str, object] = {"command": "build"}


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve` (no offline cache while writing)."""
    _state["command"] = command


def on_files(files, config):
    """Serve the site's own stylesheets as one fingerprinted file.

    Each `extra_css` file is a render-blocking request; on a phone on a slow link, nine
    of them cost more than the bytes. They are joined in their listed order into
    `assets/css/site.<hash>.css` (same folder, so relative url()s still hold), which can
    be cached for a year. The separate files stay in the site for anyone who links them.
    """
    sources = []
    for uri in config.extra_css:
        f = files.get_file_from_path(str(uri))
        if f is None:
            return files  # something unusual (a URL?): leave the links as they are
        sources.append((str(uri), f.content_string))
    if len(sources) > 1:
        name, text = deploy.css_bundle(sources)
        files.append(File.generated(config, name, content=text))
        config.extra_css[:] = [name]
    return files


def on_page_content(html, page, config, files):
    """Give each page its own description (from its first paragraph) unless it has one.

    Material writes the description into an attribute without escaping it, so it is
    stored HTML-escaped (a quote in the text would otherwise break the <meta> tag).
    """
    text = (page.meta or {}).get("description") or share.describe(html)
    if text:
        page.meta["description"] = escape(unescape(str(text)), quote=True)
    return html


@event_priority(-50)
def on_post_build(config):
    site = Path(config.site_dir)
    images = site / "assets" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for size in share.ICON_SIZES:
        (images / f"icon-{size}.png").write_bytes(_image(f"icon-{size}", lambda s=size: share.icon_png(s)))
    (images / "icon-maskable-512.png").write_bytes(
        _image("icon-maskable-512", lambda: share.icon_png(512, maskable=True)))
    (images / "social.png").write_bytes(_image("social", share.social_png))
    (site / "manifest.webmanifest").write_text(
        share.manifest(config.site_name, config.site_description or ""), encoding="utf-8")
    (site / "robots.txt").write_text(share.robots(config.site_url), encoding="utf-8")

    if _state["command"] == "serve":
        (site / "sw.js").write_text(offline.PASS_THROUGH, encoding="utf-8")
        return
    paths = offline.precache_paths(site)
    template = (ROOT / "hooks" / "templates" / "sw.js").read_text(encoding="utf-8")
    version = offline.cache_version(site, paths)
    (site / "sw.js").write_text(offline.service_worker(template, version, paths), encoding="utf-8")
    deploy.precompress(site, cache=ROOT / ".cache" / "precompress")


def _image(name: str, make) -> bytes:
    """Drawing in pure Python takes about a second: keep results until the drawing code changes."""
    code = b"".join((ROOT / "hooks" / f).read_bytes() for f in ("share.py", "pngwrite.py"))
    key = f"{name}-{hashlib.sha256(code).hexdigest()[:16]}.png"
    return deploy.cached(ROOT / ".cache" / "images", key, make)
