"""The 7-day challenge page on screen, in real Chromium: personalising fills the plan and
the sheet, the URL fragment keeps it across a reload, nothing is stored or sent."""

from __future__ import annotations

import pytest
from conftest import ROOT
from playwright.sync_api import expect

from hooks.collections import load_collections

pytestmark = pytest.mark.browser

CHALLENGE = "tools/challenge/"


def personalise(page, a="Ana", b="Li", start="2026-12-01", time="19:30"):
    page.get_by_label("Your name").fill(a)
    page.get_by_label("Your partner's name").fill(b)
    page.get_by_label("First day").fill(start)
    page.get_by_label("Reminder time").fill(time)


def plan_dates(page) -> list[str]:
    return page.locator("[data-challenge-plan] [data-challenge-date]").all_text_contents()


def test_page_shows_all_seven_days_with_time_and_why(page):
    page.goto(CHALLENGE)
    days = sorted(
        load_collections(ROOT / "content" / "data")["challenge_days"], key=lambda d: d.day
    )
    cards = page.locator("[data-challenge-plan] > li")
    assert cards.count() == 7
    for card, day in zip(cards.all(), days, strict=True):
        text = card.inner_text()
        assert day.title in text and day.time_needed in text and day.why in text
    assert page.get_by_role("heading", name="How to start").is_visible()
    assert page.get_by_role("heading", name="If a day goes badly").is_visible()
    safety = page.locator(".admonition").filter(has_text="feel safe")
    assert (
        safety.get_by_role("link", name="where to get help")
        .get_attribute("href")
        .endswith("get-help/")
    )


def test_first_day_dates_every_day_of_the_plan_and_sheet(page):
    page.goto(CHALLENGE)
    assert plan_dates(page) == [""] * 7
    personalise(page, start="2027-02-25")
    assert plan_dates(page) == [
        "Thu 25 Feb",
        "Fri 26 Feb",
        "Sat 27 Feb",
        "Sun 28 Feb",
        "Mon 1 Mar",
        "Tue 2 Mar",
        "Wed 3 Mar",
    ]
    sheet = page.locator(".tend-sheet")
    assert sheet.locator("[data-challenge-names]").text_content() == "Ana & Li"
    assert sheet.locator("[data-challenge-start]").text_content() == "Thursday 25 February 2027"
    assert sheet.locator("[data-challenge-date='7']").text_content() == "Wed 3 Mar"
    assert page.errors == []


def test_reload_keeps_the_plan_in_the_fragment_only(page, context):
    page.goto(CHALLENGE)
    personalise(page, a="Zoë & Jo", b="Sam", start="2026-12-01", time="07:45")
    assert page.evaluate("location.search") == ""
    assert "Sam" in page.evaluate("decodeURIComponent(location.hash)")
    page.reload()
    assert page.get_by_label("Your name").input_value() == "Zoë & Jo"
    assert page.get_by_label("Your partner's name").input_value() == "Sam"
    assert page.get_by_label("First day").input_value() == "2026-12-01"
    assert page.get_by_label("Reminder time").input_value() == "07:45"
    assert plan_dates(page)[0] == "Tue 1 Dec"
    # The fragment never leaves the browser: no request carried a name.
    assert [u for u in context.guard.requests if "Sam" in u or "Zo" in u] == []
    stored = page.evaluate(
        "JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})"
    )
    assert "Sam" not in stored and "2026-12-01" not in stored


def test_a_heading_link_does_not_lose_the_plan_on_reload(page):
    page.goto(CHALLENGE)
    personalise(page, a="Ana", b="Li")
    page.get_by_role("heading", name="If a day goes badly").hover()
    page.locator("a.headerlink[href$='#if-a-day-goes-badly']").click()
    # Material swaps the page in for the link: the heading may be briefly detached.
    heading = page.get_by_role("heading", name="If a day goes badly")
    expect(heading).to_be_in_viewport()
    box = None
    for _ in range(50):  # bounded: the swap settles within a few frames
        box = heading.bounding_box()
        if box is not None:
            break
        page.wait_for_timeout(100)
    assert box is not None and 0 <= box["y"] < 200  # the link took the visitor to its heading
    # Material re-renders the page for the link: what was typed is still there...
    assert page.get_by_label("Your name").input_value() == "Ana"
    assert plan_dates(page)[0] == "Tue 1 Dec"
    # ...and back in the address, so a reload keeps it too.
    page.wait_for_url(lambda url: "a=Ana" in url)
    page.reload()
    assert page.get_by_label("Your name").input_value() == "Ana"


def test_clear_forgets_names_dates_and_the_fragment(page):
    page.goto(CHALLENGE + "#a=Ana&b=Li&start=2026-12-01&time=08:00")
    assert plan_dates(page)[0] == "Tue 1 Dec"
    page.locator("[data-challenge-form]").get_by_role("button", name="Clear").click()
    assert page.get_by_label("Your name").input_value() == ""
    assert page.get_by_label("Reminder time").input_value() == "19:00"
    assert plan_dates(page) == [""] * 7
    assert page.evaluate("location.hash") == ""
    # The sheet gets its blank lines back, to fill in by hand.
    assert page.locator(".tend-sheet [data-challenge-names] .tend-sheet__blank").count() == 2
    assert "Cleared" in page.get_by_role("status").inner_text()


def test_a_half_typed_first_day_gets_a_clear_message(page):
    page.goto(CHALLENGE)
    field = page.get_by_label("First day")
    field.click()
    page.keyboard.type("12")  # a day (or month) but no year: the browser cannot read it yet
    page.get_by_label("Reminder time").click()  # moving on is when the page checks
    message = page.locator("[data-challenge-error='start']")
    assert "not a whole date" in message.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    page.get_by_label("First day").fill("2026-12-01")
    assert message.inner_text() == ""


def test_works_after_navigating_from_another_page(page):
    page.goto("")
    page.locator(".md-nav a[href$='tools/challenge/']").first.click()
    page.wait_for_url("**/tools/challenge/")
    personalise(page, start="2026-12-31")
    assert plan_dates(page)[1] == "Fri 1 Jan"
    assert page.errors == []


def test_an_unreadable_date_in_the_address_is_named(page):
    page.goto(CHALLENGE + "#a=Ana&start=2026-02-30&time=25:99")
    status = page.get_by_role("status").inner_text()
    assert 'first day "2026-02-30" is not a real date' in status
    assert 'reminder time "25:99" is not a time of day' in status
    assert page.get_by_label("Your name").input_value() == "Ana"  # the rest is kept
