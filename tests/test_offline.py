"""Offline after one visit, in real Chromium: the service worker precaches the
build (Pyodide's runtime once a self-check first runs), every page and tool then
works with the network cut, and a new build replaces the old cache as a whole."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import ROOT, OriginGuard, build_site, serve
from sitepages import search_ready, site_pages

pytestmark = pytest.mark.browser

# Resolves once this page is controlled by an active service worker.
CONTROLLED = """() => new Promise(resolve => {
  if (navigator.serviceWorker.controller) return resolve(true);
  navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), {once: true});
})"""
CACHES = "() => caches.keys()"
VERSION = """() => new Promise(resolve => {
  navigator.serviceWorker.addEventListener('message', e => resolve(e.data.version), {once: true});
  navigator.serviceWorker.controller.postMessage('tend:version');
})"""
# Checks for a new sw.js now; resolves with the new worker's state once it is installed.
INSTALLED = """async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  await reg.update();
  const w = reg.installing || reg.waiting;
  if (!w) return 'no new worker';
  if (w.state === 'installing') await new Promise(resolve => w.addEventListener('statechange',
    () => { if (w.state !== 'installing') resolve(); }));
  return w.state;
}"""
# If the site has the shared engine, boot it (Pyodide in its worker), bounded at 90 s.
ENGINE_READY = """async (url) => {
  const { getEngine } = await import(url);
  const timeout = new Promise(resolve => setTimeout(() => resolve('timed out'), 90000));
  return Promise.race([getEngine().ready.then(() => 'ready', e => 'failed: ' + (e && e.message)), timeout]);
}"""


@pytest.fixture
def sw_context(browser, base_url):
    """A context where service workers run (the shared `context` blocks them)."""
    ctx = browser.new_context(base_url=base_url)
    guard = OriginGuard(base_url)
    ctx.on("request", guard)
    ctx.guard = guard
    ctx.failed = []
    # A request cut short by leaving the page (ERR_ABORTED) is not a failure to serve it.
    ctx.on("requestfailed", lambda r: ctx.failed.append((r.url, r.failure))
           if "ERR_ABORTED" not in (r.failure or "") else None)
    yield ctx
    ctx.close()
    assert guard.foreign == []


def test_every_page_and_tool_works_offline_after_one_visit(sw_context, site_dir, base_url):
    page = sw_context.new_page()
    page.goto("")
    assert page.evaluate(CONTROLLED)
    [cache] = page.evaluate(CACHES)
    assert cache.startswith("tend-")
    has_engine = (site_dir / "assets" / "js" / "engine.js").exists()
    if has_engine:  # one online run of a self-check caches Pyodide for offline use
        page.goto("tools/attachment/")
        assert page.evaluate(ENGINE_READY, base_url + "assets/js/engine.js") == "ready"

    sw_context.set_offline(True)
    page.reload()
    for url in site_pages(site_dir):
        response = page.goto(url)
        assert response.ok, url
        assert page.locator("h1").first.inner_text().strip(), url
        page.wait_for_load_state("networkidle")
    if has_engine:
        page.goto("tools/attachment/")
        assert page.evaluate(ENGINE_READY, base_url + "assets/js/engine.js") == "ready"
    # Search works offline too (its index and worker come from the cache).
    page.goto("")
    search_ready(page)
    page.locator(".md-search__input").first.click()
    page.keyboard.type("glossary")
    page.locator(".md-search-result__link").first.wait_for()
    assert sorted(set(sw_context.failed)) == []


CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""


def test_engine_files_are_kept_only_once_read_in_full(browser, slow_snapshot_url):
    """Through the service worker, the engine's files stream to the page and are kept
    for offline use once read; a snapshot the engine gives up on (a slow link) is not."""
    ctx = browser.new_context(base_url=slow_snapshot_url)
    guard = OriginGuard(slow_snapshot_url)
    ctx.on("request", guard)
    try:
        page = ctx.new_page()
        page.goto("")
        assert page.evaluate(CONTROLLED)
        page.goto("tools/attachment/")
        assert page.evaluate(ENGINE_READY, slow_snapshot_url + "assets/js/engine.js") == "ready"
        for _ in range(100):  # a file is kept once its last byte is read
            cached = page.evaluate(CACHED_URLS)
            if any(u.endswith(".whl") for u in cached):
                break
            page.wait_for_timeout(100)
        assert [u for u in cached if u.endswith(".whl")]  # the normal boot's package
        assert [u for u in cached if u.endswith("/pyodide.asm.wasm")]
        assert not [u for u in cached if "/assets/engine/snapshot-" in u]
    finally:
        ctx.close()
    assert guard.foreign == []


def test_a_guide_reader_never_downloads_pyodide(sw_context, site_dir):
    page = sw_context.new_page()
    page.goto("guide/myths/")
    assert page.evaluate(CONTROLLED)
    page.goto("guide/boundaries/")
    page.wait_for_load_state("networkidle")
    cached = page.evaluate(CACHED_URLS)
    assert any(u.endswith("/guide/myths/") for u in cached)  # the guide is kept offline
    heavy = ("/assets/pyodide/", "/assets/engine/")
    assert [u for u in cached if any(h in u for h in heavy)] == []
    assert [u for u in sw_context.guard.requests if any(h in u for h in heavy)] == []


def test_a_new_build_replaces_the_old_cache_whole(browser, tmp_path):
    work = tmp_path / "repo"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "site", ".git", "test-artifacts", ".cache"))
    # Share the runtime and the build caches (brotli of the wasm takes a minute cold).
    (ROOT / ".cache").mkdir(exist_ok=True)
    for shared in ("node_modules", ".cache"):
        if (ROOT / shared).exists():
            os.symlink(ROOT / shared, work / shared)
    served = tmp_path / "site"
    done = build_site(served, config=work / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    server, url = serve(served)
    ctx = browser.new_context(base_url=url)
    try:
        first = ctx.new_page()
        first.goto("about/")
        assert first.evaluate(CONTROLLED)
        old_version = first.evaluate(VERSION)
        assert first.evaluate(CACHES) == [f"tend-{old_version}"]

        about = work / "content" / "pages" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n\nA line added by the new build.\n",
                         encoding="utf-8")
        done = build_site(served, config=work / "mkdocs.yml")
        assert done.returncode == 0, done.stderr

        # While a tab of the old build is open, it keeps being served the old build,
        # and the new build installs beside it, whole, and waits.
        first.reload()
        assert "A line added by the new build." not in first.content()
        assert first.evaluate(INSTALLED) == "installed"
        assert "A line added by the new build." not in first.content()
        assert first.evaluate(VERSION) == old_version
        first.close()

        # With no old tab left, the next visit gets the new build, from a new cache only.
        for _ in range(20):  # bounded: the new worker installs, then activates
            page = ctx.new_page()
            page.goto("about/")
            page.evaluate(CONTROLLED)
            version = page.evaluate(VERSION)
            text = page.content()
            page.close()
            if version != old_version:
                break
        assert version != old_version
        assert "A line added by the new build." in text
        check = ctx.new_page()
        check.goto("about/")
        assert check.evaluate(CACHES) == [f"tend-{version}"]
    finally:
        ctx.close()
        server.shutdown()
