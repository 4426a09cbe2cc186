"""Every page of the built site opens in real Chromium, on its own origin only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def site_pages(site_dir) -> list[str]:
    """Site-relative URLs of every built page except the 404 page."""
    return sorted(
        str(p.parent.relative_to(site_dir)).replace(".", "") + "/"
        for p in site_dir.rglob("index.html")
    )


def test_every_page_opens_with_a_heading(page, site_dir, base_url):
    pages = site_pages(site_dir)
    assert len(pages) >= 25
    for url in pages:
        response = page.goto(url.lstrip("/"))
        assert response.status == 200, url
        assert page.locator("h1").first.inner_text().strip(), url
    assert page.errors == []
