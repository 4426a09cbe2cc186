"""Accessibility in real Chromium: axe-core on every page in both colour schemes,
keyboard use (skip link, navigation, search) and the quick exit."""

from __future__ import annotations

import pytest
from conftest import CHROMIUM_ARGS, axe_violations, set_scheme  # noqa: F401
from playwright.sync_api import expect
from sitepages import search_ready, site_pages

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.google.com/"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_nothing_serious_on_any_page(page, site_dir, scheme):
    page.set_viewport_size({"width": 1280, "height": 900})
    found = {}
    pages = site_pages(site_dir)
    assert len(pages) >= 25
    page.goto("")
    set_scheme(page, scheme)
    for url in pages:
        page.goto(url)
        # The scheme chosen with the toggle is remembered from page to page.
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == scheme, url
        problems = axe_violations(page)
        if problems:
            found[url or "/"] = problems
    assert found == {}


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
          return {cls: e.className || '', href: e.getAttribute('href'), tag: e.tagName,
                  inContent: !!e.closest('.md-content'), inNav: !!e.closest('.md-nav--primary'),
                  exit: e.hasAttribute('data-tend-exit'), outline: getComputedStyle(e).outlineStyle} }"""
    )


def test_skip_link_comes_first_and_moves_focus_to_the_content(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("guide/myths/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "md-skip" in first["cls"]
    assert first["outline"] != "none"  # a visible focus ring
    page.keyboard.press("Enter")
    page.wait_for_url("**" + first["href"])
    target = page.locator("#" + first["href"].split("#", 1)[1])
    expect(target).to_be_focused()
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inContent"], after


def test_navigation_links_are_reachable_and_followable_by_keyboard(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("")
    for _ in range(80):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["inNav"] and now["href"] and "get-help" in now["href"]:
            break
    else:
        pytest.fail("Tab never reached the 'Get help' link in the navigation")
    page.keyboard.press("Enter")
    page.wait_for_url("**/get-help/")


def test_search_is_reachable_and_usable_by_keyboard(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("")
    search_ready(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('md-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type("glossary")
    page.locator('.md-search-result__link[href*="glossary/"]').first.wait_for()
    page.keyboard.press("ArrowDown")
    target = page.evaluate(
        "() => document.activeElement.closest('.md-search-result') && document.activeElement.href")
    assert target, "ArrowDown did not move focus into the search results"
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("h1").first.is_visible()


@pytest.fixture
def exit_page(browser, base_url):
    """A page whose context answers the neutral site locally (nothing leaves the machine)."""
    ctx = browser.new_context(base_url=base_url)
    ctx.route(NEUTRAL + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Weather</title><h1>Weather</h1>"))
    pg = ctx.new_page()
    yield pg
    ctx.close()


def test_quick_exit_control_leaves_and_back_does_not_return(exit_page):
    pg = exit_page
    pg.goto("")
    pg.goto("get-help/")
    exit_link = pg.locator("[data-tend-exit]").first
    assert exit_link.is_visible()
    exit_link.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_url(NEUTRAL)
    assert pg.locator("h1").inner_text() == "Weather"
    pg.go_back()
    assert "get-help" not in pg.url  # the help page was replaced in the history


def test_escape_twice_leaves_from_any_page(exit_page):
    pg = exit_page
    pg.goto("guide/boundaries/")
    pg.keyboard.press("Escape")
    pg.keyboard.press("Escape")
    pg.wait_for_url(NEUTRAL)
    pg.go_back()
    assert "boundaries" not in pg.url
