"""Helpers shared by the platform's browser tests."""

from __future__ import annotations

from pathlib import Path


def site_pages(site_dir: Path) -> list[str]:
    """Site-relative URLs ('', 'guide/myths/', ...) of every built page but 404."""
    return sorted(
        p.parent.relative_to(site_dir).as_posix().replace(".", "", 1).strip("/") + "/"
        if p.parent != site_dir else ""
        for p in site_dir.rglob("index.html")
        if not p.relative_to(site_dir).as_posix().startswith(("assets/", "pyodide/", "search/"))
    )


def search_ready(page) -> None:
    """Wait until Material's search has loaded its index (it ignores typing before)."""
    from playwright.sync_api import expect

    expect(page.locator(".md-search-result__meta").first).not_to_have_text(
        "Initializing search", timeout=60_000)
