"""The checklist, the two checks, saved results and partner links in real Chromium.

Every page fixture fails the test if a request leaves the site's origin.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import OriginGuard, axe_violations, set_scheme
from tools_vectors import load_definitions

pytestmark = pytest.mark.browser

DEFS = load_definitions()
CHECKLIST = DEFS["checklist"]
KEYS = [i["id"] for i in CHECKLIST["items"]]
ENGINE_WAIT = 120_000  # ms: the first boot in a busy test run can be slow; never a timing assertion


def week(day: int) -> datetime:
    return datetime(2026, 11, day, 19, 0, tzinfo=UTC)


def answer_all(page, levels: list[int]) -> None:
    for item, level in zip(KEYS, levels, strict=True):
        page.check(f'input[name="{item}"][value="{level}"]')


def score(page, levels: list[int] | None = None) -> str:
    if levels is not None:
        answer_all(page, levels)
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
    return page.locator("[data-tend-score]").inner_text()


THEME_KEY = re.compile(r"^/.*\.__[a-z]+$")  # Material's own settings, e.g. "/.__palette"


def stored(page, theme: bool = False) -> dict:
    """What this origin keeps in localStorage; Material's theme settings only if `theme`."""
    everything = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    return {k: v for k, v in everything.items() if theme or not THEME_KEY.match(k)}


def test_checklist_by_keyboard_gives_score_strengths_and_chapter_links(page):
    page.goto("tools/checklist/")
    levels = [2, 1, 0, 2, 2, 1, 0, 2, 2, 2]
    page.locator(f'input[name="{KEYS[0]}"]').first.focus()
    for n, level in enumerate(levels):
        if level == 0:
            page.keyboard.press("Space")
        for _ in range(level):
            page.keyboard.press("ArrowRight")
        if n < len(levels) - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect_focus = page.evaluate("() => document.activeElement.textContent.trim()")
    assert expect_focus == "See my result"
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
    assert page.locator("[data-tend-score]").inner_text() == "Your score: 14 out of 20"
    result = page.locator("[data-tend-result]")
    assert "A good base, with room to grow" in result.inner_text()
    growth = page.locator(".tend-growth > li")
    expected = [KEYS[i] for i in (2, 6, 1, 5)]  # "no" answers first, then "sometimes"
    assert [growth.nth(i).get_attribute("data-item") for i in range(growth.count())] == expected
    for i, item in enumerate(expected):
        source = next(it for it in CHECKLIST["items"] if it["id"] == item)
        li = growth.nth(i)
        assert source["try_this"] in li.inner_text()
        link = li.get_by_role("link")
        assert link.inner_text() == source["chapter"]["title"]
        assert link.get_attribute("href").endswith("/" + source["chapter"]["url"])
    assert page.locator(".tend-strengths > li").count() == 6
    assert "not a diagnosis" in result.inner_text()
    help_link = result.locator(".tend-disclaimer").get_by_role("link", name="Get help")
    assert help_link.get_attribute("href").endswith("/get-help/")
    # a chapter link leads to the chapter
    growth.nth(0).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/guide/"))
    assert page.locator("h1").first.inner_text()
    assert page.errors == []


def test_missing_answers_are_named_and_nothing_is_lost(page):
    page.goto("tools/checklist/")
    answer_all_but = [1] * 10
    for item, level in zip(KEYS[:-2], answer_all_but, strict=False):
        page.check(f'input[name="{item}"][value="{level}"]')
    page.get_by_role("button", name="See my result").click()
    problem = page.locator("[data-tend-error]")
    page.wait_for_selector("text=are not answered yet", timeout=ENGINE_WAIT)
    assert "2 questions are not answered yet: 9 and 10." in problem.inner_text()
    assert page.evaluate("() => document.activeElement.name") == KEYS[8]
    assert page.locator(".tend-form input:checked").count() == 8
    # flagged for screen readers too: an alert, and a note each question points to
    assert problem.get_attribute("role") == "alert"
    for item in KEYS[8:]:
        assert page.locator(f"#q-{item}").get_attribute("aria-describedby") == f"q-{item}-missing"
        assert page.locator(f"#q-{item}-missing").is_visible()
    page.check(f'input[name="{KEYS[8]}"][value="1"]')  # answering one clears its flag
    assert page.locator(f"#q-{KEYS[8]}").get_attribute("aria-describedby") is None
    assert not page.locator(f"#q-{KEYS[8]}-missing").is_visible()
    problem.get_by_role("link", name="Go to question 10").click()
    assert page.evaluate("() => document.activeElement.name") == KEYS[9]


def test_nothing_is_stored_until_the_visitor_asks(page):
    for tool, levels in (("dependence", [1] * 8), ("drifting", [2] * 10)):
        page.goto(f"tools/{tool}/")
        for item in DEFS[tool]["items"]:
            page.check(f'input[name="{item["id"]}"][value="{levels[0]}"]')
        page.get_by_role("button", name="See my result").click()
        page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
    page.goto("tools/checklist/")
    score(page, [1] * 10)
    assert stored(page) == {}
    assert page.locator("[data-tend-stored]").inner_text() == "No results are saved on this device."
    page.get_by_role("button", name="Save on this device").click()
    page.wait_for_selector("[data-tend-save-message] a")
    data = json.loads(stored(page)["tend:history"])
    assert [e["result"]["score"] for e in data["entries"]] == [10]
    assert "Results are saved on this device" in page.locator("[data-tend-stored]").inner_text()


def save_week(page, day: int, levels: list[int]) -> None:
    page.clock.set_fixed_time(week(day))
    page.goto("tools/checklist/")
    score(page, levels)
    page.get_by_role("button", name="Save on this device").click()
    page.wait_for_selector("[data-tend-save-message] a")


def test_two_weeks_of_results_show_as_a_trend(page):
    save_week(page, 11, [1] * 10)
    save_week(page, 18, [2] * 6 + [1] * 4)
    page.get_by_role("link", name="See your saved results").click()  # instant navigation
    page.wait_for_selector('[data-tend-chart="overall"]', timeout=ENGINE_WAIT)
    overall = page.locator('[data-tend-chart="overall"]')
    assert overall.locator("circle").count() == 2
    caption = page.locator("figure", has=overall).locator("figcaption").inner_text()
    assert caption == (
        "Score: from 10 out of 20 on 11 Nov 2026 to 16 out of 20 on 18 Nov 2026, "
        "over 2 saved results."
    )
    assert page.locator('[data-tend-chart^="area-"]').count() == 10
    assert (
        "2 saved results on this device." in page.locator("[data-tend-history-status]").inner_text()
    )
    first_area = page.locator(f'[data-tend-chart="area-{KEYS[0]}"]')
    assert (
        "from Sometimes on 11 Nov 2026 to Yes on 18 Nov 2026"
        in first_area.locator("desc").text_content()
    )
    assert page.errors == []


def test_export_forget_import_gives_the_same_history_back(page, tmp_path):
    save_week(page, 11, [0] * 10)
    save_week(page, 18, [1] * 10)
    page.goto("tools/history/")
    page.wait_for_selector('[data-tend-chart="overall"]', timeout=ENGINE_WAIT)
    before = stored(page)["tend:history"]
    with page.expect_download() as info:
        page.get_by_role("button", name="Export to a file").click()
    exported = tmp_path / "export.json"
    info.value.save_as(exported)
    assert exported.read_text() == before

    page.get_by_role("button", name="Forget everything…").click()
    page.get_by_role("button", name="Yes, forget everything").click()
    assert stored(page, theme=True) == {}
    assert (
        "Nothing is saved on this device" in page.locator("[data-tend-history-status]").inner_text()
    )
    assert page.locator("[data-tend-stored]").inner_text() == "No results are saved on this device."
    assert page.locator("[data-tend-chart]").count() == 0

    page.set_input_files("[data-tend-import]", str(exported))
    page.wait_for_selector('[data-tend-chart="overall"]', timeout=ENGINE_WAIT)
    assert (
        "Imported 2 new results. 2 saved in all."
        in page.locator("[data-tend-transfer-message]").inner_text()
    )
    assert stored(page)["tend:history"] == before
    # importing the same file again adds nothing
    page.set_input_files("[data-tend-import]", str(exported))
    page.wait_for_selector("text=Imported 0 new results (2 already here)")
    assert stored(page)["tend:history"] == before


def test_forget_can_be_cancelled(page):
    save_week(page, 11, [2] * 10)
    page.goto("tools/history/")
    page.get_by_role("button", name="Forget everything…").click()
    page.get_by_role("button", name="Cancel").click()
    assert "tend:history" in stored(page)
    assert page.locator("[data-tend-forget-confirm]").is_hidden()


def partner_link(page, levels) -> str:
    page.goto("tools/checklist/")
    score(page, levels)
    page.get_by_role("button", name="Share with your partner").click()
    link = page.locator("[data-tend-share-link]")
    link.wait_for(state="visible")
    return link.input_value()


def test_partner_link_round_trip_between_two_browsers(page, browser, base_url):
    mine = [2, 2, 1, 1, 0, 0, 2, 2, 1, 1]
    theirs = [2, 0, 1, 2, 0, 1, 2, 2, 1, 1]
    link = partner_link(page, mine)
    assert "#partner=tend1." in link
    assert stored(page) == {}

    other = browser.new_context(base_url=base_url)
    guard = OriginGuard(base_url)
    other.on("request", guard)
    try:
        partner = other.new_page()
        partner.goto(link)
        box = partner.locator("[data-tend-partner]")
        box.wait_for(state="visible")
        partner.wait_for_selector(
            "text=Your partner has shared their checklist answers", timeout=ENGINE_WAIT
        )
        assert box.get_by_role("link", name="Get help").count() == 1
        score(partner, theirs)
        compare = partner.locator("[data-tend-compare]")
        compare.wait_for()
        rows = compare.locator("tbody tr")
        assert [rows.nth(i).get_attribute("data-item") for i in range(rows.count())] == [
            KEYS[i] for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b
        ]
        assert rows.nth(0).locator("td").all_inner_texts() == ["No", "Yes"]  # you, your partner
        text = compare.inner_text()
        assert (
            f"Your score: {sum(theirs)} out of 20. Your partner's score: {sum(mine)} out of 20."
            in text
        )
        assert "fear" in text and "not a score to settle" in text
        assert stored(partner) == {}
    finally:
        other.close()
    assert guard.foreign == []


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda c: c[:-5], "too short"),
        (lambda c: c[:-2] + ("A" if c[-2] != "A" else "B") + c[-1], "does not add up"),
        (lambda c: "tend7." + c[6:], "newer version of Tend"),
        (lambda c: "hello-world", "not a Tend partner code"),
        (lambda c: '<img src=x onerror="document.title=1">', "not a Tend partner code"),
    ],
)
def test_damaged_partner_codes_get_their_message(page, damage, message):
    link = partner_link(page, [1] * 10)
    base, code = link.split("#partner=")
    page.goto("about:blank")
    page.goto(base + "#partner=" + damage(code))
    box = page.locator("[data-tend-partner]")
    page.wait_for_selector("[data-tend-partner].tend-partner--error", timeout=ENGINE_WAIT)
    assert message in box.inner_text()
    assert box.locator("img").count() == 0
    assert page.title() != "1"
    assert page.errors == []


def test_corrupt_or_future_storage_is_reported_and_left_untouched(page):
    page.goto("tools/")
    for text, words in (
        ("{half a file", "could not be read"),
        ('{"format": "tend-history", "version": 9, "entries": []}', "newer version of Tend"),
    ):
        page.evaluate("t => localStorage.setItem('tend:history', t)", text)
        page.goto("tools/history/")
        problem = page.locator("[data-tend-history-problem]")
        problem.wait_for(state="visible", timeout=ENGINE_WAIT)
        assert words in problem.inner_text()
        page.goto("tools/checklist/")
        score(page, [2] * 10)
        page.get_by_role("button", name="Save on this device").click()
        page.wait_for_selector("text=Not saved.")
        assert words in page.locator("[data-tend-save-message]").inner_text()
        assert stored(page)["tend:history"] == text
    assert page.errors == []


def test_dependence_control_signs_bring_the_safety_note(page):
    d = DEFS["dependence"]
    page.goto("tools/dependence/")
    for item in d["items"]:
        page.check(f'input[name="{item["id"]}"][value="0"]')
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
    assert page.locator("[data-tend-safety]").count() == 0
    control = next(i for i in d["items"] if i["suggests_control"])
    page.check(f'input[name="{control["id"]}"][value="1"]')
    page.get_by_role("button", name="See my result").click()
    note = page.locator("[data-tend-safety]")
    note.wait_for()
    assert note.get_by_role("link").get_attribute("href").endswith("/get-help/")
    assert "emergency" in note.inner_text()
    assert page.get_by_role("link", name="Boundaries and dependence").count() >= 1


def test_drifting_result_links_each_kind_of_sign_to_a_chapter(page):
    d = DEFS["drifting"]
    page.goto("tools/drifting/")
    for n, item in enumerate(d["items"]):
        page.check(f'input[name="{item["id"]}"][value="{2 if n < 3 else 0}"]')
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
    text = page.locator("[data-tend-result]").inner_text()
    for item in d["items"][:3]:
        assert item["try_this"] in text
    links = page.locator("[data-tend-result] a[href*='/guide/']")
    assert links.count() >= 1
    for href in links.evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert page.request.get(href).status == 200


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_axe_violation_on_any_tool_view(page, browser, base_url, scheme):
    def check(where):
        set_scheme(page, scheme)
        assert axe_violations(page) == [], where

    for tool in ("checklist", "dependence", "drifting"):
        page.goto(f"tools/{tool}/")
        check(f"{tool} form")
        for item in DEFS[tool]["items"]:
            page.check(f'input[name="{item["id"]}"][value="1"]')
        page.get_by_role("button", name="See my result").click()
        page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
        check(f"{tool} result")
    page.get_by_role("button", name="See my result")
    page.goto("tools/checklist/")
    page.get_by_role("button", name="See my result").click()
    page.locator("[data-tend-error]").wait_for(state="visible", timeout=ENGINE_WAIT)
    check("checklist with missing answers")
    link = partner_link(page, [2] * 10)
    page.goto("about:blank")
    page.goto(link)
    score(page, [1] * 10)
    page.wait_for_selector("[data-tend-compare]")
    check("checklist comparison")
    page.get_by_role("button", name="Save on this device").click()
    page.wait_for_selector("[data-tend-save-message] a")
    page.goto("tools/history/")
    page.wait_for_selector('[data-tend-chart="overall"]', timeout=ENGINE_WAIT)
    check("history with charts")
    page.evaluate("() => localStorage.setItem('tend:history', '{oops')")
    page.goto("tools/history/")
    page.locator("[data-tend-history-problem]").wait_for(state="visible", timeout=ENGINE_WAIT)
    check("history with damaged data")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_checklist_paper_version_prints_on_two_pages(page, artifacts, paper):
    from pypdf import PdfReader

    page.goto("tools/checklist/")
    out = Path(artifacts) / f"checklist-paper-{paper}.pdf"
    page.pdf(path=str(out), format=paper)
    reader = PdfReader(out)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == 2
    assert "The connection checklist: paper version" in text
    assert "Scoring key" in text and "Total: ______ out of 20" in text
    for item in CHECKLIST["items"]:
        assert re.sub(r"\s+", " ", item["text"]) in text
    assert "See my result" not in text  # the interactive form is left out


@pytest.mark.parametrize("tool", ["dependence", "drifting"])
def test_check_paper_versions_print_with_their_key(page, tool):
    page.goto(f"tools/{tool}/")
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) <= 2
    assert "Scoring key" in text and DEFS[tool]["bands"][0]["title"] in text
    if tool == "dependence":
        assert "A note on safety" in text


def take_attachment(page, anxiety: int, avoidance: int) -> None:
    from attachment_vectors import flat, load_definition

    for item, value in flat(load_definition(), anxiety, avoidance).items():
        page.check(f'input[name="{item}"][value="{value}"]')
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector("[data-tend-extras]", timeout=ENGINE_WAIT)


def test_attachment_results_can_be_saved_and_show_in_the_history(page):
    page.clock.set_fixed_time(week(11))
    page.goto("tools/attachment/")
    take_attachment(page, 6, 2)
    assert stored(page) == {}
    page.get_by_role("button", name="Save on this device").click()
    page.wait_for_selector("[data-tend-extras] p[role=status] a")
    [entry] = json.loads(stored(page)["tend:history"])["entries"]
    assert entry["result"] == {"anxiety": 6, "avoidance": 2, "pattern": "anxious"}
    page.goto("tools/history/")
    chart = page.locator('[data-tend-chart="attachment"]')
    chart.wait_for(timeout=ENGINE_WAIT)
    assert "Anxiety: 6 out of 7 on 11 Nov 2026." in chart.locator("desc").text_content()


def test_attachment_partner_link_puts_both_points_on_one_plot(page, browser, base_url):
    page.goto("tools/attachment/")
    take_attachment(page, 6, 2)
    page.get_by_role("button", name="Share with your partner").click()
    link = page.locator("[data-tend-share-link]")
    link.wait_for(state="visible")
    url = link.input_value()

    other = browser.new_context(base_url=base_url)
    guard = OriginGuard(base_url)
    other.on("request", guard)
    try:
        partner = other.new_page()
        partner.goto(url)
        partner.wait_for_selector(
            "text=Your partner has shared their two scores", timeout=ENGINE_WAIT
        )
        take_attachment(partner, 2, 6)
        compare = partner.locator("[data-tend-compare]")
        compare.wait_for(timeout=ENGINE_WAIT)
        assert compare.locator("svg circle.tend-plot__point").count() == 1
        assert compare.locator("svg rect.tend-plot__point--partner").count() == 1
        text = compare.inner_text()
        assert "Your nearest pattern: Avoidant. Your partner's: Anxious." in text
        assert "The pursue and withdraw cycle" in text and "Neither of you is the problem" in text
        desc = compare.locator("svg desc").text_content()
        assert "Your partner's point (the square) sits at anxiety 6.0 and avoidance 2.0" in desc
        assert stored(partner) == {}
        set_scheme(partner, "slate")
        assert axe_violations(partner) == []
    finally:
        other.close()
    assert guard.foreign == []


def test_checklist_says_when_the_engine_cannot_run_and_keeps_the_answers(context):
    context.route("**/*.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto("tools/checklist/")
    levels = [2, 1, 0, 2, 1, 0, 2, 1, 0, 2]
    answer_all(page, levels)
    status = page.locator("[data-tend-engine-status]")
    page.wait_for_selector("text=could not be downloaded", timeout=ENGINE_WAIT)
    assert "Your answers are still here" in status.inner_text()
    page.get_by_role("button", name="See my result").click()
    problem = page.locator("[data-tend-error]")
    page.wait_for_selector("[data-tend-error] >> text=printing this page gives the paper version")
    assert "could not be downloaded" in problem.inner_text()
    assert page.locator("[data-tend-result]").is_hidden()
    checked = page.locator(".tend-form input:checked")
    assert [int(checked.nth(i).get_attribute("value")) for i in range(checked.count())] == levels


def test_the_checks_work_after_in_site_navigation(page):
    page.goto("tools/")
    page.locator('.md-content a[href$="checklist/"]').first.click()
    page.wait_for_url(re.compile(r"/tools/checklist/$"))
    assert score(page, [2] * 10) == "Your score: 20 out of 20"
    page.locator('.md-nav--primary a[href$="tools/drifting/"]').first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/tools/drifting/$"))
    for item in DEFS["drifting"]["items"]:
        page.check(f'input[name="{item["id"]}"][value="0"]')
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector("[data-tend-score]", timeout=ENGINE_WAIT)
    assert "Mostly staying close" in page.locator("[data-tend-result]").inner_text()
    # and back to the checklist by the navigation: it scores again
    page.locator('.md-nav--primary a[href$="tools/checklist/"]').first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/tools/checklist/$"))
    answer_all(page, [0] * 10)
    page.get_by_role("button", name="See my result").click()
    page.wait_for_selector('[data-tend-score="0"]', timeout=ENGINE_WAIT)
    assert page.errors == []
