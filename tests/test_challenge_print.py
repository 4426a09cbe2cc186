"""Paper: the 7-day challenge sheet prints on exactly one page of A4 and of US Letter, and
guide chapters print without a blank last page. Printed to PDF by real Chromium and read
back from the PDF itself (pypdf for text, poppler's pdftoppm for pictures)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, have, set_scheme
from pypdf import PdfReader

from hooks.collections import load_collections

pytestmark = pytest.mark.browser

PAPERS = ["A4", "Letter"]
CHALLENGE = "tools/challenge/"

# Text that belongs to the screen, never to paper: Material's chrome, the site's navigation,
# and the page's own screen-only parts (form, buttons, the long on-screen plan).
SCREEN_ONLY = [
    "Skip to content",
    "Search",
    "Signs of drifting apart",
    "Attachment self-check",
    "Connection checklist",
    "Glossary",
    "References",
    "Tend is a guide for reflection",
    "Your names and dates",
    "Print the sheet",
    "Download the calendar",
    "How to start",
    "If a day goes badly",
    "Why it helps",
    "Time it takes",
    "Leave this site quickly",
]


def days():
    return sorted(
        load_collections(ROOT / "content" / "data")["challenge_days"], key=lambda d: d.day
    )


def flat(text: str) -> str:
    """Text as printed, compared loosely: ligatures undone, lines joined (also after a hyphen)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", re.sub(r"-\s+", "-", text)).strip()


def heading(page) -> str:
    """The page's title as printed (without the permalink sign)."""
    return flat(page.locator("h1").first.inner_text().replace("¶", ""))


def pdf_pages(path: Path) -> list[str]:
    return [flat(p.extract_text() or "") for p in PdfReader(path).pages]


def print_pdf(page, path: Path, paper: str) -> list[str]:
    page.pdf(path=str(path), format=paper)
    return pdf_pages(path)


def png_of_first_page(pdf: Path, dest: Path, *extra: str) -> Path:
    """Render page 1 with poppler's pdftoppm; `dest` without suffix."""
    subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-singlefile", *extra, str(pdf), str(dest)],
        check=True,
    )
    return dest.with_suffix(".pgm" if "-gray" in extra else ".png")


def personalise(page, a: str, b: str, start: str, time: str = "19:30") -> None:
    page.get_by_label("Your name").fill(a)
    page.get_by_label("Your partner's name").fill(b)
    page.get_by_label("First day").fill(start)
    page.get_by_label("Reminder time").fill(time)


def short_date(iso: str, offset: int) -> str:
    d = dt.date.fromisoformat(iso) + dt.timedelta(days=offset)
    return f"{d:%a} {d.day} {d:%b}"


@pytest.mark.skipif(not have("pdftoppm"), reason="needs poppler-utils")
@pytest.mark.parametrize("paper", PAPERS)
def test_personalised_sheet_is_one_page_with_names_days_and_dates(page, paper, tmp_path, artifacts):
    page.goto(CHALLENGE)
    personalise(page, "Zoë", "Sam", "2026-12-29")
    pdf = artifacts / f"challenge-sheet-{paper}.pdf"
    pages = print_pdf(page, pdf, paper)
    assert len(pages) == 1, f"{paper}: {len(pages)} pages"
    text = pages[0]
    assert "Zoë & Sam" in text
    assert "Tuesday 29 December 2026" in text
    squeezed = re.sub(r"\s", "", text).lower()
    for i, day in enumerate(days()):
        assert f"day{day.day}" in squeezed
        assert flat(day.title) in text
        assert flat(day.short) in text
        assert short_date("2026-12-29", i) in text  # "Tue 29 Dec" ... "Mon 4 Jan"
    assert "Mon 4 Jan" in text
    assert "Our notes from day 7" in text
    assert [s for s in SCREEN_ONLY if s in text] == []
    png = png_of_first_page(pdf, artifacts / f"challenge-sheet-{paper}", "-png")
    assert png.stat().st_size > 20_000  # a real drawing, not an empty page
    assert page.errors == []


@pytest.mark.parametrize("paper", PAPERS)
def test_blank_sheet_prints_on_one_page_to_fill_in_by_hand(page, paper, tmp_path, artifacts):
    page.goto(CHALLENGE)
    pages = print_pdf(page, artifacts / f"challenge-sheet-blank-{paper}.pdf", paper)
    assert len(pages) == 1
    assert all(flat(d.title) in pages[0] for d in days())
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d", pages[0])  # dates left to write in
    assert [s for s in SCREEN_ONLY if s in pages[0]] == []


@pytest.mark.parametrize("paper", PAPERS)
def test_longest_names_still_fit_on_one_page(page, paper, tmp_path):
    page.goto(CHALLENGE)
    long_a, long_b = (
        "Maximiliane-Theodora Wolkenstein-Rødberg",
        "Bartholomew-Alexander Fitzwilliam-Okafor",
    )
    personalise(page, long_a + "xyz", long_b, "2027-01-31")  # the field keeps 40 characters
    assert page.get_by_label("Your name").input_value() == long_a
    pages = print_pdf(page, tmp_path / "long.pdf", paper)
    assert len(pages) == 1
    assert "Sun 31 Jan" in pages[0] and "Sat 6 Feb" in pages[0]


@pytest.mark.skipif(not have("pdftoppm"), reason="needs poppler-utils")
def test_dark_scheme_on_screen_still_prints_black_on_white(page, tmp_path):
    page.goto(CHALLENGE)
    personalise(page, "Ana", "Li", "2026-12-01")
    set_scheme(page, "slate")
    pdf = tmp_path / "dark.pdf"
    assert len(print_pdf(page, pdf, "A4")) == 1
    pgm = png_of_first_page(pdf, tmp_path / "dark", "-gray")
    data = pgm.read_bytes()
    # Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    pixels = data[header.end() :]
    white = sum(1 for v in pixels[::7] if v > 235) / len(pixels[::7])
    ink = sum(1 for v in pixels[::7] if v < 90)
    assert white > 0.85, f"only {white:.0%} of the paper is white"
    assert ink > 500, "no black ink: the text did not print"


def test_print_button_opens_the_print_dialog(page):
    # Headless Chromium has no print dialog, so count the calls to window.print instead.
    page.add_init_script("window.__prints = 0; window.print = () => { window.__prints += 1; };")
    page.goto(CHALLENGE)
    page.get_by_role("button", name="Print the sheet").click()
    assert page.evaluate("window.__prints") == 1


# ---------------------------------------------------------------- guide chapters


def chapter_urls(site_dir: Path) -> list[str]:
    return sorted(f"guide/{p.parent.name}/" for p in (site_dir / "guide").glob("*/index.html"))


def test_every_guide_chapter_prints_without_a_blank_last_page(page, site_dir, tmp_path):
    urls = chapter_urls(site_dir)
    assert len(urls) >= 13
    for url in urls:
        page.goto(url)
        pages = print_pdf(page, tmp_path / "chapter.pdf", "A4")
        assert pages[-1], f"{url}: the last of {len(pages)} pages is blank"
        assert heading(page) in pages[0], url
        assert "Skip to content" not in " ".join(pages), url


@pytest.mark.parametrize("paper", PAPERS)
def test_the_longest_guide_chapter_prints_cleanly(page, site_dir, paper, artifacts):
    def article_length(url: str) -> int:
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
        return len(re.sub(r"<[^>]+>", "", article))

    url = max(chapter_urls(site_dir), key=article_length)
    page.goto(url)
    pdf = artifacts / f"longest-chapter-{paper}.pdf"
    pages = print_pdf(page, pdf, paper)
    assert all(pages), f"{url}: blank page among {len(pages)}"
    text = " ".join(pages)
    assert [
        s for s in ["Skip to content", "Signs of drifting apart Why we hold back"] if s in text
    ] == []
    assert heading(page) in pages[0]


@pytest.fixture(scope="module")
def wordy_site(tmp_path_factory):
    """The site built with the longest challenge text the schema allows: every `short` at
    its 90-character limit and long titles, to show the sheet's layout holds any content."""
    import shutil

    import yaml
    from conftest import build_site, serve

    work = tmp_path_factory.mktemp("wordy") / "repo"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "site", ".git", "test-artifacts", ".cache"
        ),
    )
    for shared in ("node_modules", ".cache"):  # the Pyodide runtime and its compiled stdlib
        if (ROOT / shared).exists():
            (work / shared).symlink_to(ROOT / shared)
    path = work / "content" / "data" / "challenge_days.yml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        item["title"] = f"A rather long title for day {item['day']} of the week"
        item["short"] = ("Wide words " * 10)[:89].strip() + "."
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    out = work.parent / "site"
    done = build_site(out, config=work / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    server, url = serve(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("paper", PAPERS)
def test_sheet_stays_on_one_page_with_the_longest_allowed_text(
    browser, wordy_site, paper, tmp_path
):
    context = browser.new_context(base_url=wordy_site)
    try:
        page = context.new_page()
        page.goto(CHALLENGE)
        personalise(
            page,
            "Maximiliane-Theodora Wolkenstein-Rødberg",
            "Bartholomew-Alexander Fitzwilliam",
            "2026-12-01",
        )
        pages = print_pdf(page, tmp_path / "wordy.pdf", paper)
        assert len(pages) == 1
        assert "A rather long title for day 7 of the week" in pages[0]
    finally:
        context.close()
