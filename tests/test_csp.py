"""The strict Content Security Policy holds in real Chromium on every page, tools
included, with the site served with its own `_headers` as a static host would."""

from __future__ import annotations

import pytest
from conftest import OriginGuard, serve
from sitepages import site_pages

pytestmark = pytest.mark.browser

# Records violations in the page (init scripts run outside the page's policy).
RECORD = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile}));
"""


@pytest.fixture(scope="module")
def headers_url(site_dir):
    server, url = serve(site_dir, headers=True)
    yield url
    server.shutdown()


@pytest.fixture
def csp_page(browser, headers_url):
    ctx = browser.new_context(base_url=headers_url)
    guard = OriginGuard(headers_url)
    ctx.on("request", guard)
    ctx.add_init_script(RECORD)
    pg = ctx.new_page()
    pg.console_csp = []
    pg.on("console", lambda m: pg.console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("worker", lambda w: w.on("console", lambda m: pg.console_csp.append(m.text)
                                   if "Content Security Policy" in m.text else None))
    yield pg
    ctx.close()
    assert guard.foreign == []


def test_every_page_has_the_policy_as_header_and_meta_and_breaks_none_of_it(csp_page, site_dir):
    pg = csp_page
    failures = {}
    for url in site_pages(site_dir):
        response = pg.goto(url)
        header = response.headers.get("content-security-policy", "")
        meta = pg.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "unsafe-inline" not in header and "'unsafe-eval'" not in header, url
        assert "frame-ancestors 'none'" in header, url
        assert header.replace("; frame-ancestors 'none'", "") == meta, url
        # Let tool pages start their engines and fetch what they need.
        pg.wait_for_load_state("networkidle")
        seen = pg.evaluate("() => window.__csp") + pg.console_csp
        if seen:
            failures[url or "/"] = seen
        pg.console_csp.clear()
    assert failures == {}


def test_instant_navigation_into_a_tool_keeps_the_policy(csp_page):
    pg = csp_page
    pg.goto("guide/myths/")
    pg.locator('.md-nav--primary a[href$="tools/attachment/"]').first.dispatch_event("click")
    pg.wait_for_url("**/tools/attachment/")
    pg.wait_for_load_state("networkidle")
    assert pg.evaluate("() => window.__csp") == []
    assert pg.console_csp == []


def test_wasm_is_allowed_only_where_pyodide_runs(site_dir):
    import posixpath
    import re

    from hooks.csp import headers_for, parse_headers_file, wasm_modules

    rules = parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8"))
    sources = {
        p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in site_dir.rglob("*") if p.suffix in (".js", ".mjs")
        and not p.relative_to(site_dir).as_posix().startswith("assets/javascripts/")
    }
    booting = wasm_modules(sources)
    assert booting, "no module of the site boots Pyodide"
    for url in site_pages(site_dir):
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        modules = {
            posixpath.normpath(posixpath.join(url, src))
            for src in re.findall(r'<script type="module" src="([^"]+)"', html)
        }
        policy = dict(headers_for("/" + url, rules))["Content-Security-Policy"]
        runs_pyodide = bool(modules & booting)
        assert ("'wasm-unsafe-eval'" in policy) == runs_pyodide, url
        if url.startswith("guide/"):
            assert not runs_pyodide, url
