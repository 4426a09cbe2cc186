"""Deploy anywhere: the built site works under a sub-path, ships pre-compressed twins,
host configuration, a manifest, icons, a sitemap and sharing tags."""

from __future__ import annotations

import gzip
import json
import struct
from urllib.parse import urlsplit

import brotli
import pytest
from conftest import serve
from sitepages import site_pages


@pytest.fixture(scope="module")
def subpath_url(site_dir):
    server, url = serve(site_dir, prefix="/tend", headers=True, compressed=True)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_site_works_under_a_sub_path_tools_included(browser, subpath_url, site_dir):
    ctx = browser.new_context(base_url=subpath_url, service_workers="block")
    bad = []
    ctx.on("response", lambda r: bad.append((r.status, r.url)) if r.status >= 400 else None)
    ctx.on("request", lambda r: bad.append(("outside /tend/", r.url))
           if urlsplit(r.url).scheme == "http" and not urlsplit(r.url).path.startswith("/tend/") else None)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    tools = [p for p in site_pages(site_dir) if p.startswith("tools/")]
    for url in ["", "guide/myths/", "get-help/", *tools]:
        response = page.goto(url)
        assert response.ok, url
        assert page.locator("h1").first.inner_text().strip(), url
        page.wait_for_load_state("networkidle")
    # In-site navigation (Material's instant loading) stays under the sub-path too.
    page.goto("")
    page.locator('.md-nav--primary a[href$="glossary/"]').first.dispatch_event("click")
    page.wait_for_url("**/tend/glossary/")
    ctx.close()
    assert bad == [] and errors == []


def test_large_files_have_exact_br_and_gz_twins(site_dir):
    twins = list(site_dir.rglob("*.br"))
    assert any(t.name.startswith("main.") and t.name.endswith(".css.br") for t in twins)
    assert (site_dir / "search" / "search_index.json.br").exists()
    for twin in twins:
        original = twin.with_name(twin.name[:-3])
        assert brotli.decompress(twin.read_bytes()) == original.read_bytes(), twin
        assert gzip.decompress(twin.with_name(original.name + ".gz").read_bytes()) == original.read_bytes()
    for wasm in site_dir.rglob("*.wasm"):
        assert wasm.with_name(wasm.name + ".br").exists(), wasm


def test_headers_file_covers_every_page_and_long_caching(site_dir):
    text = (site_dir / "_headers").read_text(encoding="utf-8")
    for url in site_pages(site_dir):
        assert f"\n/{url}\n  Content-Security-Policy: " in text, url
    assert "/assets/javascripts/*\n  Cache-Control: public, max-age=31536000, immutable" in text


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_icons_and_social_image_are_made_at_build(site_dir):
    manifest = json.loads((site_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        w, h = png_size((site_dir / icon["src"]).read_bytes())
        assert f"{w}x{h}" == icon["sizes"]
    assert png_size((site_dir / "assets/images/social.png").read_bytes()) == (1200, 630)


def test_every_page_has_its_own_description_and_sharing_tags(site_dir):
    import re

    descriptions = {}
    for url in site_pages(site_dir):
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html))
        for key in ("description", "og:title", "og:description", "og:image", "twitter:card"):
            assert meta.get(key), (url, key)
        assert 'rel="manifest"' in html
        descriptions[url] = meta["description"]
    # Pages describe themselves, not all with the site's one-liner.
    assert len(set(descriptions.values())) > len(descriptions) // 2


def test_sitemap_and_canonical_urls_follow_the_site_url(tmp_path):
    import os

    from conftest import ROOT, build_site

    os.environ["TEND_SITE_URL"] = "https://example.org/tend/"
    try:
        done = build_site(tmp_path / "out")
    finally:
        del os.environ["TEND_SITE_URL"]
    assert done.returncode == 0, done.stderr
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/tend/guide/myths/</loc>" in sitemap
    html = (tmp_path / "out" / "guide" / "myths" / "index.html").read_text(encoding="utf-8")
    assert 'content="https://example.org/tend/assets/images/social.png"' in html
    assert "Sitemap: https://example.org/tend/sitemap.xml" in (tmp_path / "out" / "robots.txt").read_text()
    assert ROOT
