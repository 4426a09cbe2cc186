"""Shared fixtures: the built site, a local HTTP server for it, and real Chromium.

Browser tests use Debian's Chromium (/usr/bin/chromium) when present, else
Playwright's own browser. Every page fixture records requests and fails the
test if any leaves the site's origin.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"


def build_site(dest: Path, *extra: str, config: Path | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` into `dest`; return the finished process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest), *extra]
    if config:
        cmd += ["--config-file", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The whole site, built once per test session with the real config."""
    dest = tmp_path_factory.mktemp("site")
    done = build_site(dest)
    assert done.returncode == 0, done.stderr
    return dest


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
        ".json": "application/json", ".ics": "text/calendar", ".webmanifest": "application/manifest+json",
    }
    # Set per server by `serve`: a sub-path the site lives under, and `_headers` rules.
    prefix = ""
    rules: list = []
    compressed = False
    slow_suffix = ""  # files ending so are sent at about 1 MB/s, as over a slow link

    def copyfile(self, source, outputfile):
        if not (self.slow_suffix and urlsplit(self.path).path.endswith(self.slow_suffix)):
            return super().copyfile(source, outputfile)
        while chunk := source.read(32 * 1024):
            outputfile.write(chunk)
            outputfile.flush()
            time.sleep(0.03)

    def translate_path(self, path):
        # Under a sub-path, only URLs inside it exist; strip it before mapping to files.
        if self.prefix:
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                return str(Path(self.directory) / "__outside_prefix__")
            path = path[len(self.prefix):] or "/"
        return super().translate_path(path)

    def end_headers(self):
        if self.rules:
            from hooks.csp import headers_for

            path = urlsplit(self.path).path
            if self.prefix and path.startswith(self.prefix):
                path = path[len(self.prefix):] or "/"
            for name, value in headers_for(path, self.rules):
                self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        if self.compressed and self.command in ("GET", "HEAD"):
            twin = self._compressed_twin()
            if twin is not None:
                return twin
        return super().send_head()

    def _compressed_twin(self):
        """Like nginx gzip_static/brotli_static: send `x.br` / `x.gz` if the browser takes it."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return None
            path = os.path.join(path, "index.html")
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and os.path.isfile(path + suffix):
                f = open(path + suffix, "rb")  # noqa: SIM115 - the base class closes it
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return f
        return None

    def log_message(self, *args):  # keep test output quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that stops reading (navigated away, aborted a fetch) is not an error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def serve(
    directory: Path, *, prefix: str = "", headers: bool = False, compressed: bool = False,
    slow_suffix: str = "",
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 at a free port; return (server, base URL).

    `prefix` (e.g. "/tend") serves the site under that sub-path only; `headers`
    sends the per-path headers of the site's `_headers` file, and `compressed` its
    pre-compressed `.br`/`.gz` twins, as static hosts do. Files ending in `slow_suffix`
    trickle out at about 1 MB/s.
    """
    attrs: dict = {"prefix": prefix.rstrip("/"), "compressed": compressed, "slow_suffix": slow_suffix}
    if headers:
        from hooks.csp import parse_headers_file

        attrs["rules"] = parse_headers_file((directory / "_headers").read_text(encoding="utf-8"))
    handler_class = type("SiteHandler", (_Handler,), attrs)
    handler = functools.partial(handler_class, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{attrs['prefix']}/"


@pytest.fixture(scope="session")
def base_url(site_dir) -> Iterator[str]:
    """Base URL (ending in /) of the built site, served over http on loopback."""
    server, url = serve(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def slow_snapshot_url(site_dir) -> Iterator[str]:
    """The built site, but its engine snapshot arrives at about 1 MB/s: a slow link."""
    server, url = serve(site_dir, slow_suffix=".packed")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One real Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        if Path(CHROMIUM).exists():
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        else:
            b = p.chromium.launch(args=CHROMIUM_ARGS)
        yield b
        b.close()


class OriginGuard:
    """Records every request a page makes; `foreign` lists those off the site's origin."""

    def __init__(self, base_url: str):
        self.origin = urlsplit(base_url)[:2]
        self.requests: list[str] = []

    def __call__(self, request) -> None:
        self.requests.append(request.url)

    @property
    def foreign(self) -> list[str]:
        return [
            u for u in self.requests
            if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u)[:2] != self.origin
        ]


@pytest.fixture
def context(browser, base_url):
    """A fresh browser context (own storage) whose requests must stay on the site's origin."""
    # No service worker here: a test of one feature must not depend on the offline
    # copy filling in the background (tests/test_offline.py tests that on its own).
    ctx = browser.new_context(base_url=base_url, service_workers="block")
    guard = OriginGuard(base_url)
    ctx.on("request", guard)
    ctx.guard = guard
    yield ctx
    ctx.close()
    assert guard.foreign == [], f"requests left the site's origin: {guard.foreign}"


@pytest.fixture
def page(context):
    """A page in a fresh context; console errors are collected on `page.errors`."""
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    return pg


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (from npm) in `page`; return violations of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, not as an inline <script>: the site's strict
        # Content Security Policy (rightly) blocks a script tag added by a test.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]


def set_scheme(page, scheme: str) -> None:
    """Switch Material's colour scheme ("default" or "slate") as a visitor would.

    Checks the palette toggle's radio input, so Material applies the scheme and
    remembers it (localStorage) for the next pages opened in the same context.
    """
    page.evaluate(
        """s => {
          const input = document.querySelector(`input[name="__palette"][data-md-color-scheme="${s}"]`);
          if (input && !input.checked) input.click();
          document.body.setAttribute('data-md-color-scheme', s);
        }""",
        scheme,
    )


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for files a person may want to look at after a run (PDFs, PNGs)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
