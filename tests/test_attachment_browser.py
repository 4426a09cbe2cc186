"""The attachment self-check in real Chromium, scored by real Pyodide in a module worker.

Keyboard-only answering reaches every pattern; unanswered statements are named and get
focus; the result survives instant navigation; every way the engine can fail says so,
keeps the answers and opens the paper version; no request leaves the origin; axe-core
finds nothing serious on the form or the result, in light and dark schemes.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from attachment_vectors import flat, load_definition
from conftest import ROOT, OriginGuard, _Handler, axe_violations, set_scheme

pytestmark = pytest.mark.browser

DEFINITION = load_definition()
IDS = [item["id"] for item in DEFINITION["items"]]
PAGE = "tools/attachment/"
READY = "The scoring engine is ready"
BOOT_WAIT_S = 90  # the machine is shared; this is a ceiling, not a measurement


def wait_for(page, predicate, what: str, timeout_s: float = BOOT_WAIT_S):
    """Poll from Python (a strict CSP forbids wait_for_function strings)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"gave up waiting for {what}")


def status(page) -> str:
    return page.locator("[data-engine-status]").inner_text()


def wait_ready(page):
    wait_for(page, lambda: READY in status(page), "the engine to be ready")


def wait_failed(page) -> str:
    wait_for(page, lambda: "tend-engine-status--failed" in (
        page.locator("[data-engine-status]").get_attribute("class") or ""), "the engine to fail")
    return status(page)


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const item = el && el.closest('[data-item]');
        return {tag: el && el.tagName, name: el && el.name, type: el && el.type,
                item: item && item.dataset.item, text: el && el.textContent};
    }""")


def tab_to_first_statement(page):
    """Press Tab from the top of the page until the first statement's radios have focus."""
    for _ in range(200):
        page.keyboard.press("Tab")
        if focused(page)["name"] == IDS[0]:
            return
    raise AssertionError("Tab never reached the first statement")


def answer_by_keyboard(page, answers: dict):
    """Answer every statement with the keyboard alone, then press Enter on the submit button."""
    tab_to_first_statement(page)
    for n, item in enumerate(IDS):
        assert focused(page)["name"] == item
        page.keyboard.press("Space")  # checks the first choice, 1
        for _ in range(answers[item] - 1):
            page.keyboard.press("ArrowRight")  # moves to, and checks, the next choice
        page.keyboard.press("Tab")
        if n + 1 < len(IDS):
            assert focused(page)["name"] == IDS[n + 1]
    assert focused(page)["text"].strip() == "See my result"
    page.keyboard.press("Enter")


def answer_by_clicking(page, answers: dict):
    for item, value in answers.items():
        page.locator(f'input[name="{item}"][value="{value}"]').check()


def checked(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('[data-quiz-form] input:checked')].map(i => [i.name, +i.value]))""")


def result_text(page) -> str:
    page.locator("[data-result]").wait_for(state="visible", timeout=BOOT_WAIT_S * 1000)
    return page.locator("[data-result]").inner_text()


PATTERNS = {
    "secure": (flat(DEFINITION, 2, 2), "Secure", False),
    "anxious": (flat(DEFINITION, 6, 2), "Anxious", False),
    "avoidant": (flat(DEFINITION, 2, 6), "Avoidant", False),
    "fearful-avoidant": (flat(DEFINITION, 6, 6), "Fearful-avoidant", False),
    "close to the middle": ({i: 4 for i in IDS}, "Secure", True),
}


@pytest.mark.parametrize("case", PATTERNS)
def test_keyboard_answering_reaches_each_pattern(page, case):
    answers, name, middle = PATTERNS[case]
    page.goto(PAGE)
    wait_ready(page)
    answer_by_keyboard(page, answers)
    text = result_text(page)
    assert f"Closest pattern: {name}" in text
    assert ("Close to the middle." in text) is middle
    assert "not a diagnosis" in text
    get_help = page.locator("[data-result] .tend-result__caution a", has_text="Get help")
    assert get_help.get_attribute("href").endswith("/get-help/")
    # the plot has a text alternative naming both scores
    plot = page.locator("[data-result] svg[role=img]")
    desc = plot.locator("desc").text_content()
    assert "anxiety" in desc and "avoidance" in desc and name in desc
    if middle:
        assert "anxiety 4.0 and avoidance 4.0" in desc
    assert focused(page)["tag"] == "H2"  # focus moved to the result heading
    assert page.errors == []


def test_progress_counts_answers(page):
    page.goto(PAGE)
    progress = page.locator("[data-progress]")
    assert progress.inner_text() == f"0 of {len(IDS)} answered"
    answer_by_clicking(page, {i: 3 for i in IDS[:12]})
    assert progress.inner_text() == f"12 of {len(IDS)} answered"


def test_unanswered_statements_are_named_and_the_first_gets_focus(page):
    page.goto(PAGE)
    skipped = [IDS[2], IDS[9]]
    answer_by_clicking(page, {i: 5 for i in IDS if i not in skipped})
    page.get_by_role("button", name="See my result").click()
    problem = page.locator("[data-form-problem]")
    assert problem.is_visible()
    assert "Statements 3 and 10 are not answered yet." in problem.inner_text()
    assert problem.locator("a").count() == 2
    assert focused(page)["item"] == IDS[2]
    for item in skipped:
        assert page.locator(f"#q-{item} [data-missing-note]").is_visible()
    # answering one clears its mark; following the other's link moves focus to it
    page.locator(f'input[name="{IDS[2]}"][value="2"]').check()
    assert not page.locator(f"#q-{IDS[2]} [data-missing-note]").is_visible()
    problem.locator("a", has_text="Statement 10").click()
    assert focused(page)["item"] == IDS[9]
    assert page.locator("[data-result]").is_hidden()
    assert len(checked(page)) == len(IDS) - 1  # nothing entered was lost


def test_retake_starts_again(page):
    page.goto(PAGE)
    answer_by_clicking(page, flat(DEFINITION, 6, 2))
    page.get_by_role("button", name="See my result").click()
    assert "Closest pattern: Anxious" in result_text(page)
    page.get_by_role("button", name="Retake the self-check").click()
    assert page.locator("[data-result]").is_hidden()
    assert checked(page) == {}
    assert focused(page)["name"] == IDS[0]
    assert page.locator("[data-progress]").inner_text() == f"0 of {len(IDS)} answered"


def settled_axe(page) -> list[dict]:
    """axe-core once transitions (e.g. Material's back-to-top button fading in) have ended."""
    wait_for(page, lambda: page.evaluate("() => document.getAnimations().length === 0"),
             "transitions to end")
    return axe_violations(page)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_accessibility_violation_on_form_and_result(page, scheme):
    page.goto(PAGE)
    set_scheme(page, scheme)
    wait_ready(page)
    assert settled_axe(page) == []
    answer_by_clicking(page, flat(DEFINITION, 6, 6))
    page.get_by_role("button", name="See my result").click()
    result_text(page)
    assert settled_axe(page) == []


# --- When the engine cannot run ----------------------------------------------------------

def _abort(pattern):
    return lambda ctx: ctx.route(pattern, lambda route: route.abort())


def _hang(pattern):
    def setup(ctx):
        ctx.add_init_script("globalThis.TEND_ENGINE_TIMEOUT_MS = 3000")
        ctx.route(pattern, lambda route: None)  # never answered
    return setup


def _no_wasm(ctx):
    ctx.add_init_script("delete globalThis.WebAssembly")


def _wasm_refused(ctx):
    """Serve the worker with a policy that forbids compiling WebAssembly, as a strict host would."""
    def handle(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self'"}
        route.fulfill(response=response, headers=headers)
    ctx.route("**/engine-worker.js", handle)


def _no_engine_package(ctx):
    """Neither the snapshot (which holds the package) nor the wheel arrives."""
    ctx.route("**/assets/engine/snapshot-*", lambda route: route.abort())
    ctx.route("**/*.whl", lambda route: route.abort())


FAILURES = {
    "wasm download fails": (_abort("**/*.wasm"), "could not be downloaded"),
    "standard library download fails": (_abort("**/python_stdlib*.zip"), "could not be downloaded"),
    "engine package download fails": (_no_engine_package, "could not be downloaded"),
    "wasm never arrives": (_hang("**/*.wasm"), "taking too long to start"),
    "no WebAssembly": (_no_wasm, "needs WebAssembly"),
    "WebAssembly refused by policy": (_wasm_refused, "refused to start the scoring engine"),
}


def assert_failure_keeps_everything(page, expected: str, scripts_run: bool = True):
    early = {i: 3 for i in IDS[:5]}
    answer_by_clicking(page, early)
    message = wait_failed(page)
    assert expected in message
    assert ("Your answers are still here" if scripts_run else "answers you choose stay on this page") in message
    paper = page.locator("[data-paper]")
    assert paper.get_attribute("open") is not None
    assert paper.locator("table.tend-paper__key").is_visible()
    assert checked(page) == early
    if not scripts_run:  # nothing to submit to: the paper version is the way
        assert page.get_by_role("button", name="See my result").count() == 0
        return
    # finishing and submitting says so again and still keeps every answer
    rest = {i: 5 for i in IDS[5:]}
    answer_by_clicking(page, rest)
    page.get_by_role("button", name="See my result").click()
    assert expected in page.locator("[data-form-problem]").inner_text()
    assert page.locator("[data-result]").is_hidden()
    assert checked(page) == {**early, **rest}


@pytest.mark.parametrize("case", FAILURES)
def test_engine_failure_says_so_and_keeps_the_answers(context, case):
    setup, expected = FAILURES[case]
    setup(context)
    page = context.new_page()
    page.goto(PAGE)
    assert_failure_keeps_everything(page, expected)


# --- The memory snapshot: a shortcut, never a requirement ---------------------------------

def engine_requests(ctx) -> list[str]:
    seen: list[str] = []
    ctx.on("requestfinished", lambda r: seen.append(r.url.rsplit("/", 1)[-1]))
    return seen


def score_one_pattern(page):
    answer_by_clicking(page, flat(DEFINITION, 6, 2))
    page.get_by_role("button", name="See my result").click()
    assert "Closest pattern: Anxious" in result_text(page)


def test_the_engine_boots_from_its_snapshot(context):
    seen = engine_requests(context)
    page = context.new_page()
    page.goto(PAGE)
    wait_ready(page)
    score_one_pattern(page)
    assert [n for n in seen if n.startswith("snapshot-")], seen
    assert not [n for n in seen if n.endswith(".whl")]  # the package came inside the snapshot


def _gzip(data: bytes) -> bytes:
    import gzip
    return gzip.compress(data, mtime=0)


BROKEN_SNAPSHOTS = {
    "missing": {"status": 404, "body": b"not here"},
    "not gzip": {"status": 200, "body": b"\x00" * 4096},
    "truncated": {"status": 200, "body": None},  # the real file, cut in half
    "not a snapshot": {"status": 200, "body": _gzip(b"TENDSNAPX" + b"\x00" * 100)},
    "ranges past the end": {"status": 200, "body": _gzip(b"TENDSNP1" + (16).to_bytes(4, "little")
                                                          + (1).to_bytes(4, "little") + (8).to_bytes(4, "little")
                                                          + (64).to_bytes(4, "little") + b"x" * 64)},
}


@pytest.mark.parametrize("case", BROKEN_SNAPSHOTS)
def test_a_broken_snapshot_falls_back_to_a_normal_boot(context, case):
    broken = BROKEN_SNAPSHOTS[case]

    def handle(route):
        body = broken["body"]
        if body is None:
            real = route.fetch().body()
            body = real[: len(real) // 2]
        route.fulfill(status=broken["status"], body=body, content_type="application/octet-stream")
    context.route("**/assets/engine/snapshot-*", handle)
    seen = engine_requests(context)
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text))
    page.goto(PAGE)
    wait_ready(page)
    score_one_pattern(page)
    assert [n for n in seen if n.endswith(".whl")], seen  # booted the normal way
    assert any("snapshot not used" in w for w in warnings), warnings


def test_a_snapshot_too_slow_to_pay_for_itself_is_dropped(browser, slow_snapshot_url):
    """On a link where the 5 MB snapshot would arrive later than it saves, the worker
    stops its download after the first bytes and boots the normal way."""
    ctx = browser.new_context(base_url=slow_snapshot_url, service_workers="block")
    guard = OriginGuard(slow_snapshot_url)
    ctx.on("request", guard)
    seen = engine_requests(ctx)
    page = ctx.new_page()
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text))
    try:
        page.goto(PAGE)
        wait_ready(page)
        score_one_pattern(page)
        assert [n for n in seen if n.endswith(".whl")], seen  # booted the normal way
        assert any("too slow a link" in w for w in warnings), warnings
    finally:
        ctx.close()
    assert guard.foreign == []


def test_opened_from_a_file(browser, site_dir):
    ctx = browser.new_context()
    requests = []
    ctx.on("request", lambda r: requests.append(r.url))
    page = ctx.new_page()
    page.goto((site_dir / "tools" / "attachment" / "index.html").as_uri())
    # Chromium loads no module script from file://, so the page's own words must say it.
    assert_failure_keeps_everything(page, "opened from a file on your device", scripts_run=False)
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    ctx.close()


# --- Instant navigation -------------------------------------------------------------------

@pytest.fixture(scope="module")
def instant_url(tmp_path_factory):
    """The site built with a site_url on the port it is served from.

    Material's instant navigation only takes over links listed in sitemap.xml, matched
    with their port, so this is the one setup in which it really runs.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    out = tmp_path_factory.mktemp("instant-site")
    config = ROOT / f".instant-{port}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: http://127.0.0.1:{port}/\n")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(out)],
            cwd=ROOT, capture_output=True, text=True, check=False,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    finally:
        config.unlink()
    assert done.returncode == 0, done.stderr
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


def follow_nav_link(page, href_end: str):
    page.locator(f'.md-nav--primary a[href$="{href_end}"]').first.click()
    page.wait_for_url(f"**/{href_end}")


def test_engine_starts_and_result_survives_instant_navigation(browser, instant_url):
    ctx = browser.new_context(base_url=instant_url)
    guard = OriginGuard(instant_url)
    ctx.on("request", guard)
    page = ctx.new_page()
    page.goto("guide/myths/")
    page.evaluate("window.__sameDocument = true")  # lost on any full page load
    follow_nav_link(page, PAGE)
    wait_ready(page)
    answer_by_keyboard(page, flat(DEFINITION, 2, 6))
    assert "Closest pattern: Avoidant" in result_text(page)
    follow_nav_link(page, "guide/why-we-hold-back/")
    page.go_back()
    page.wait_for_url(f"**/{PAGE}")
    assert "Closest pattern: Avoidant" in result_text(page)
    page.get_by_role("button", name="Retake the self-check").click()
    answer_by_clicking(page, {IDS[0]: 7})
    follow_nav_link(page, "guide/myths/")
    follow_nav_link(page, PAGE)
    page.locator("[data-quiz-form]").wait_for(state="visible")
    assert checked(page) == {IDS[0]: 7}  # half-done answers survive too
    assert page.evaluate("window.__sameDocument") is True
    assert len([w for w in page.workers if w.url.endswith("engine-worker.js")]) == 1
    ctx.close()
    assert guard.foreign == []


def test_guide_pages_load_no_engine(page):
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto("guide/myths/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "pyodide" in u or "engine" in u]
