"""The guide's content: macros render their items, markers filter, links resolve, and the
built pages follow the brief's editorial rules (labels, help lines, no hype or invented figures)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import jinja2
import pytest
from conftest import ROOT

from hooks.collections import load_collections
from hooks.render import RenderContext, RenderError, make_env, render_markers

PAGES = ROOT / "content" / "pages"


@pytest.fixture(scope="module")
def collections():
    return load_collections(ROOT / "content" / "data", display_root=ROOT)


@pytest.fixture(scope="module")
def env():
    return make_env(jinja2.FileSystemLoader(str(ROOT / "overrides")))


def page_urls() -> dict[str, str]:
    """src_uri -> site URL for every page, as MkDocs computes them with directory URLs."""
    urls = {}
    for path in PAGES.rglob("*.md"):
        src = path.relative_to(PAGES).as_posix()
        stem = src[: -len(".md")]
        if stem == "index":
            urls[src] = ""
        elif stem.endswith("/index"):
            urls[src] = stem[: -len("index")]
        else:
            urls[src] = stem + "/"
    return urls


def ctx_for(collections, page_url: str = "guide/myths/") -> RenderContext:
    return RenderContext(collections, page_url, page_urls())


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def main_text(item) -> str:
    """The field a reader would recognise an item by."""
    for name in ("sign", "belief", "title", "term", "question", "mistake", "habit", "step",
                 "tool", "ritual", "region", "name", "text", "authors"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    raise AssertionError(f"no main text field on {item!r}")


# --- Renderers -------------------------------------------------------------------------

def test_every_collection_has_a_macro(collections):
    macros = ROOT / "overrides" / "partials" / "tend" / "collections"
    assert sorted(collections.items) == sorted(p.stem for p in macros.glob("*.html"))


@pytest.mark.parametrize("name", [
    "sources", "researchers", "myths", "myth_costs", "red_flags", "attachment_styles",
    "definitions", "ritual_steps", "micro_habits", "digital_tools", "case_studies", "rituals",
    "dependence_signs", "strategies", "challenge_days", "checklist", "mistakes",
    "future_trends", "resources", "help_lines",
])
def test_macro_renders_every_item(name, collections, env):
    macro = env.get_template(f"partials/tend/collections/{name}.html").module.render
    items = collections[name]
    out = str(macro(items, ctx_for(collections)))
    text = text_of(out)
    for item in items:
        assert re.sub(r"\s+", " ", main_text(item)) in text, f"{name}:{item.id}"
    assert "style=" not in out and "<script" not in out and " onclick" not in out


def test_tables_have_header_cells_with_scope(collections, env):
    for name in ("myths", "digital_tools", "rituals", "checklist"):
        macro = env.get_template(f"partials/tend/collections/{name}.html").module.render
        out = str(macro(collections[name], ctx_for(collections)))
        first = collections[name][0].id
        assert f'<caption id="table-{first}">' in out, name
        assert f'role="region" tabindex="0" aria-labelledby="table-{first}"' in out, name
        assert out.count('scope="row"') == len(collections[name]), name
        assert 'scope="col"' in out, name


def test_macro_output_is_escaped(collections, env):
    from hooks.schemas import RedFlag

    flag = RedFlag(id="x", sign="<b>bold</b> & co", category="mood", try_this="Talk.")
    macro = env.get_template("partials/tend/collections/red_flags.html").module.render
    out = str(macro([flag], ctx_for(collections)))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in out


def test_citations_link_to_the_references_page(collections, env):
    macro = env.get_template("partials/tend/collections/myths.html").module.render
    items = [m for m in collections["myths"] if m.sources]
    out = str(macro(items, ctx_for(collections, "guide/built-not-found/")))
    link = '<a href="../../references/#source-gottman-silver-1999">Gottman and Silver, 1999</a>'
    assert link in out


def test_dependence_signs_add_a_safety_note_only_when_a_sign_suggests_control(collections, env):
    macro = env.get_template("partials/tend/collections/dependence_signs.html").module.render
    signs = collections["dependence_signs"]
    control = [s for s in signs if s.suggests_control]
    plain = [s for s in signs if not s.suggests_control]
    assert any("threat" in s.sign for s in control)
    with_note = str(macro(signs, ctx_for(collections, "guide/boundaries/")))
    assert "A note on safety" in with_note and 'href="../../get-help/"' in with_note
    assert with_note.count("Can also be a sign of control") == len(control)
    assert "A note on safety" not in str(macro(plain, ctx_for(collections, "guide/boundaries/")))


# --- Markers ---------------------------------------------------------------------------

def test_marker_filters_items_by_field(collections, env):
    md = "Intro\n\n<!-- collection: myths group=everyday -->\n\nOutro\n"
    out = render_markers(md, "x.md", env, ctx_for(collections))
    everyday = [m.belief for m in collections["myths"] if m.group == "everyday"]
    popular = [m.belief for m in collections["myths"] if m.group == "pop-culture"]
    text = html.unescape(out)
    assert all(b in text for b in everyday)
    assert not any(b in text for b in popular)
    assert out.startswith("Intro\n") and out.rstrip().endswith("Outro")


def test_marker_picks_another_view(collections, env):
    md = "<!-- collection: help_lines kind=emergency view=emergency -->\n"
    out = render_markers(md, "get-help.md", env, ctx_for(collections, "get-help/"))
    assert out.count("<li") == 3
    assert 'Call <a href="tel:911">911</a>' in out and ">112<" in out and ">999<" in out
    assert "800-799-7233" not in out


def test_marker_that_matches_nothing_names_page_and_line(collections, env):
    md = "# Title\n\n<!-- collection: myths group=nowhere -->\n"
    with pytest.raises(RenderError, match=r"^guide/x\.md:3: marker for 'myths' matches no item"):
        render_markers(md, "guide/x.md", env, ctx_for(collections))


def test_marker_with_unknown_view_is_an_error(collections, env):
    with pytest.raises(RenderError, match="cannot render 'myths' \\(poster\\)"):
        md = "<!-- collection: myths view=poster -->\n"
        render_markers(md, "p.md", env, ctx_for(collections))


# --- Page links ------------------------------------------------------------------------

@pytest.mark.parametrize(("page_url", "ref", "expected"), [
    ("tools/checklist/", "guide/myths.md#presence", "../../guide/myths/#presence"),
    ("guide/boundaries/", "get-help.md", "../../get-help/"),
    ("", "guide/practical-tools.md#challenge", "guide/practical-tools/#challenge"),
    ("guide/myths/", "guide/boundaries.md#boundaries", "../boundaries/#boundaries"),
])
def test_page_links_resolve_relative_to_the_page(collections, page_url, ref, expected):
    assert ctx_for(collections, page_url).link(ref) == expected


# --- The built site --------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def parsed(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def built(site_dir: Path, url: str) -> Path:
    return site_dir / url / "index.html"


def test_every_internal_link_and_anchor_exists(site_dir):
    pages = {p: parsed(p) for p in site_dir.rglob("index.html")}
    broken = []
    for path, links in pages.items():
        base = "http://site/" + path.parent.relative_to(site_dir).as_posix() + "/"
        for href in links.hrefs:
            url = urljoin(base, href)
            if urlsplit(url).netloc != "site":
                continue
            target, anchor = urldefrag(url)
            rel = urlsplit(target).path.lstrip("/")
            file = site_dir / rel / "index.html" if not rel or rel.endswith("/") else site_dir / rel
            if not file.exists():
                broken.append(f"{path.relative_to(site_dir)} -> {href}")
            elif anchor and file.name == "index.html" and anchor not in pages[file].ids:
                broken.append(f"{path.relative_to(site_dir)} -> {href} (no #{anchor})")
    assert broken == []


def test_checklist_and_glossary_point_to_anchors_that_exist(site_dir, collections):
    refs = [q.chapter for q in collections["checklist"]]
    refs += [d.see for d in collections["definitions"] if d.see]
    for ref in refs:
        path, _, anchor = ref.partition("#")
        page = built(site_dir, path[: -len(".md")])
        assert anchor in parsed(page).ids, ref


CHAPTERS = {
    "guide/built-not-found": [("myths", {"group": "pop-culture"}), ("myth_costs", {})],
    "guide/signs-of-disconnect": [("red_flags", {}), ("strategies", {"category": "disconnect"})],
    "guide/why-we-hold-back": [("attachment_styles", {})],
    "guide/rituals-and-check-ins": [("ritual_steps", {}), ("micro_habits", {})],
    "guide/myths": [("myths", {"group": "everyday"})],
    "guide/digital-life": [("digital_tools", {}), ("strategies", {"category": "digital"})],
    "guide/case-studies": [("case_studies", {})],
    "guide/cultures-and-identities": [("rituals", {})],
    "guide/boundaries": [("dependence_signs", {}), ("strategies", {"category": "boundaries"}),
                         ("strategies", {"category": "self-connection"})],
    "guide/practical-tools": [("challenge_days", {}), ("checklist", {}), ("mistakes", {})],
    "guide/hard-seasons": [("strategies", {"category": "stress"}),
                           ("strategies", {"category": "parenting"}),
                           ("strategies", {"category": "transitions"})],
    "guide/the-future": [("future_trends", {})],
    "guide/next-steps": [("resources", {})],
    "glossary": [("definitions", {})],
    "references": [("sources", {}), ("researchers", {})],
    "get-help": [("help_lines", {})],
}


@pytest.mark.parametrize("url", sorted(CHAPTERS))
def test_items_land_on_their_chapter(site_dir, collections, url):
    text = text_of(built(site_dir, url).read_text(encoding="utf-8"))
    for name, where in CHAPTERS[url]:
        items = [i for i in collections[name] if all(getattr(i, k) == v for k, v in where.items())]
        assert items, (name, where)
        for item in items:
            assert re.sub(r"\s+", " ", main_text(item)) in text, f"{url}: {name}:{item.id}"


def test_glossary_has_the_brief_terms(collections):
    terms = {d.term.lower() for d in collections["definitions"]}
    for needed in ("emotional check-in", "active listening", "reflective validation",
                   "bids for connection", "turning toward", "enmeshment", "autonomy", "skinship",
                   "passeggiata", "chosen family", '"i" statements', "non-negotiables",
                   "healthy space", "emotional withdrawal", "love languages"):
        assert needed in terms, needed


def test_case_studies_show_the_illustrative_label(site_dir, collections):
    page = built(site_dir, "guide/case-studies").read_text(encoding="utf-8")
    found = re.findall(r'<article[^>]*id="case-([a-z0-9-]+)"[^>]*>(.*?)</article>', page, re.S)
    articles = dict(found)
    assert set(articles) == {c.id for c in collections["case_studies"]}
    couples = [c for c in collections["case_studies"] if c.kind == "couple"]
    assert {c.id for c in couples} == {"maya-and-leo", "sam-and-riley"}
    for case in collections["case_studies"]:
        labelled = "Illustrative composite" in articles[case.id]
        assert labelled == case.illustrative, case.id
    assert all(c.illustrative for c in couples)


def site_text(site_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site_dir)): text_of(p.read_text(encoding="utf-8"))
        for p in site_dir.rglob("*.html")
    }


def test_no_page_states_the_unverified_forty_percent(site_dir):
    for page, text in site_text(site_dir).items():
        assert not re.search(r"\b40\s?%|\bforty per ?cent|\b40 per ?cent", text, re.I), page


@pytest.mark.parametrize("phrase", [
    "lovify", "Attached podcast", "most searched", "most-searched", "11 truths",
    "eleven truths", "measurable results", "brutal truth", "no-BS", "ruthless", "cortisol",
    "all Japanese", "all Indian", "all Italian", "all Ghanaian",
])
def test_editorial_cautions_hold(site_dir, phrase):
    for page, text in site_text(site_dir).items():
        assert phrase.lower() not in text.lower(), f"{page}: {phrase}"


# The verified numbers from the brief's "Help resources": nothing more, nothing less.
BRIEF_NUMBERS = {
    "911", "112", "999", "800-799-7233", "800-787-3224", "88788", "1-866-331-9474", "22522",
}
NUMBER = re.compile(r"\b(?:1-)?\d{3}-\d{3}-\d{4}\b|\b\d{5}\b|(?<![\d-])\d{3}(?![\d-])")


def test_help_line_numbers_match_the_brief_exactly(collections, site_dir):
    found = {
        n for h in collections["help_lines"] for way in h.how_to_reach for n in NUMBER.findall(way)
    }
    assert found == BRIEF_NUMBERS
    text = text_of(built(site_dir, "get-help").read_text(encoding="utf-8"))
    for number in BRIEF_NUMBERS:
        assert number in text, number
    assert "START to 88788" in text and "LOVEIS to 22522" in text
    assert "Services differ by country" in text


def test_help_line_numbers_can_be_dialled_in_one_tap(site_dir):
    page = built(site_dir, "get-help").read_text(encoding="utf-8")
    tel = set(re.findall(r'href="tel:([^"]+)"', page))
    sms = set(re.findall(r'href="sms:([^"]+)"', page))
    assert tel == {"911", "112", "999", "800-799-7233", "800-787-3224", "1-866-331-9474"}
    assert sms == {"88788", "22522"}


def test_references_are_in_first_author_order(site_dir):
    page = built(site_dir, "references").read_text(encoding="utf-8")
    ids = re.findall(r'<li id="source-([a-z0-9-]+)"', page)
    assert ids == sorted(ids) and "bowlby-1969" in ids


def test_get_help_has_a_quick_exit_and_the_safety_statements(site_dir):
    page = built(site_dir, "get-help").read_text(encoding="utf-8")
    links = re.findall(r"<a [^>]*>", page)
    assert any('class="tend-quick-exit"' in a and "google.com/search?q=weather" in a for a in links)
    text = text_of(page)
    assert "not suitable where there is fear, coercion or violence" in text
    assert "call logs, messages, browsing history" in text
    assert "not tests or diagnoses" in text


def test_home_links_every_chapter_and_tool_in_cards(site_dir):
    page = built(site_dir, "").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="grid cards">(.*?)</div>', page, re.S)
    hrefs = set(re.findall(r'href="([^"]+)"', " ".join(cards)))
    chapters = {f"guide/{p.stem}/" for p in (PAGES / "guide").glob("*.md")}
    assert chapters <= hrefs
    tools = {"tools/attachment/", "tools/checklist/", "tools/dependence/", "tools/challenge/"}
    assert tools <= hrefs
    assert 'href="get-help/"' in page


def test_about_states_the_method_and_its_limits(site_dir):
    text = text_of(built(site_dir, "about").read_text(encoding="utf-8"))
    for needed in ("Anxiety", "Avoidance", "from 1 (disagree strongly) to 7 (agree strongly)",
                   "Bartholomew", "not a published, validated questionnaire", "No percentiles",
                   "Self-report has limits", "scored 0, 1 and 2", "out of 20",
                   "Nothing is sent anywhere", "Nothing is stored unless you ask"):
        assert needed in text, needed


def test_no_placeholder_left_on_content_pages():
    ours = ["index.md", "glossary.md", "references.md", "about.md", "get-help.md", "tools/index.md"]
    ours += [p.relative_to(PAGES).as_posix() for p in (PAGES / "guide").glob("*.md")]
    for src in ours:
        assert "This page is being written" not in (PAGES / src).read_text(encoding="utf-8"), src
    assert len(ours) == 19


# --- Anchors named by collections are checked at build time ----------------------------

def test_missing_anchor_is_reported_with_file_line_and_field(collections):
    from hooks.collections import check_page_anchors
    from hooks.yamlsource import ContentError

    anchors = {"guide/myths.md": {"sayings"}}  # `presence` is missing on purpose
    with pytest.raises(ContentError) as info:
        check_page_anchors(collections, anchors)
    lines = str(info.value).splitlines()
    assert "content/data/checklist.yml:23: checklist[3].chapter: no anchor '#presence' " \
        "on page 'guide/myths.md' (use a heading id such as {#presence})" in lines


def test_build_fails_on_a_checklist_anchor_that_does_not_exist(tmp_path):
    import shutil

    from conftest import build_site

    work = tmp_path / "repo"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "site", ".git", "test-artifacts", ".cache"))
    checklist = work / "content" / "data" / "checklist.yml"
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace("boundaries.md#boundaries", "boundaries.md#limits"))
    done = build_site(tmp_path / "out", config=work / "mkdocs.yml")
    assert done.returncode != 0
    assert "content/data/checklist.yml:43: checklist[7].chapter: no anchor '#limits'" in done.stderr


def test_myth_quiz_hides_each_answer_in_a_disclosure(site_dir, collections):
    page = built(site_dir, "guide/myths").read_text(encoding="utf-8")
    found = re.findall(r'<details class="tend-myth-quiz__item" id="quiz-([a-z0-9-]+)">\s*'
                       r"<summary>(.*?)</summary>(.*?)</details>", page, re.S)
    assert [f[0] for f in found] == [m.id for m in collections["myths"]]
    for (_, summary, answer), myth in zip(found, collections["myths"], strict=True):
        assert html.unescape(summary) == f"“{myth.belief}”: myth or reality?"
        assert myth.reality in html.unescape(answer)


def test_ritual_steps_print_as_a_worksheet_with_a_line_per_step(site_dir, collections):
    page = built(site_dir, "guide/rituals-and-check-ins").read_text(encoding="utf-8")
    steps = re.findall(r'<li id="step-[a-z0-9-]+">(.*?)</li>', page, re.S)
    assert len(steps) == len(collections["ritual_steps"]) == 8
    assert all('<div class="tend-print-only" aria-hidden="true"><span class="tend-write-line">'
               in step for step in steps)
