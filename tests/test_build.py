"""The real build: `mkdocs build --strict` succeeds, and every collection item reaches a page."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from conftest import ROOT, build_site

from hooks.collections import load_collections


def page_text(site_dir: Path) -> str:
    """All text of all built pages, tags stripped and entities decoded."""
    texts = []
    for path in site_dir.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        texts.append(html.unescape(re.sub(r"<[^>]+>", " ", raw)))
    return re.sub(r"\s+", " ", " ".join(texts))


def first_text_field(item) -> str:
    """The item's main human-readable field: the first string field after `id`."""
    for name, value in item:
        if name != "id" and isinstance(value, str):
            return value
    raise AssertionError(f"{item!r} has no text field")


def test_every_collection_item_reaches_the_site(site_dir):
    text = page_text(site_dir)
    collections = load_collections(ROOT / "content" / "data")
    missing = [
        f"{name}:{item.id}"
        for name, items in collections.items.items()
        for item in items
        if re.sub(r"\s+", " ", first_text_field(item)) not in text
    ]
    assert missing == []


def test_broken_content_fails_the_build_with_file_and_line(tmp_path):
    work = tmp_path / "repo"
    skip = shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "test-artifacts")
    shutil.copytree(ROOT, work, ignore=skip)
    flags = work / "content" / "data" / "red_flags.yml"
    flags.write_text(flags.read_text().replace("  sign: Birthdays", "  sgn: Birthdays", 1))
    done = build_site(tmp_path / "out", config=work / "mkdocs.yml")
    assert done.returncode != 0
    assert "content/data/red_flags.yml:15: red_flags[3].sign: required field missing" in done.stderr
