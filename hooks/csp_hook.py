"""MkDocs hook: a strict Content Security Policy on every page, as <meta> and `_headers`.

A thin adapter over `hooks.csp`. It runs after every other hook's on_post_page
(lowest priority), so the hashes are taken from each page's final HTML.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from hooks import csp
from hooks.htmlfix import drop_checkbox_autocomplete

_state: dict[str, object] = {}

# Material's own workers, which also take their policy from headers.
_THEME_WORKERS = "assets/javascripts/workers/"


def on_files(files, config):
    """Read the site's own JS modules, to find which ones boot Pyodide."""
    sources = {}
    for f in files:
        uri = f.dest_uri
        if not uri.endswith((".js", ".mjs")) or uri.startswith("assets/javascripts/"):
            continue
        try:
            sources[uri] = f.content_string
        except (OSError, UnicodeDecodeError):
            continue
    _state["sources"] = sources
    _state["booting"] = csp.wasm_modules(sources)
    _state["pages"] = {}
    return files


@event_priority(-100)
def on_post_page(output, page, config):
    """Fix the theme's invalid attributes, then add the page's policy as <meta>."""
    output = drop_checkbox_autocomplete(output)
    scripts = (page.meta or {}).get("scripts") or []
    wasm = csp.page_needs_wasm(scripts, _state["booting"])  # type: ignore[arg-type]
    directives = csp.page_policy(output, wasm=wasm)
    _state["pages"][_url_path(page.file.url)] = csp.serialize(directives)  # type: ignore[index]
    return csp.insert_meta(output, csp.serialize(directives, for_meta=True))


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    """The 404 page is rendered as a theme template, not a page: same fixes, same policy."""
    if not template_name.endswith(".html"):
        return output_content
    output = drop_checkbox_autocomplete(output_content)
    directives = csp.page_policy(output, wasm=False)
    _state["pages"]["/" + template_name] = csp.serialize(directives)  # type: ignore[index]
    return csp.insert_meta(output, csp.serialize(directives, for_meta=True))


def on_post_build(config):
    """Write `_headers`: each page's policy, each worker's policy, long caching."""
    site = Path(config.site_dir)
    workers = {}
    for path in sorted(site.rglob("*.js")) + sorted(site.rglob("*.mjs")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(_THEME_WORKERS) or rel in _state["sources"] or rel == "sw.js":  # type: ignore[operator]
            wasm = rel in _state["booting"]  # type: ignore[operator]
            workers["/" + rel] = csp.serialize(csp.policy(wasm=wasm))
    text = csp.headers_file(
        _state["pages"],  # type: ignore[arg-type]
        workers,
        immutable=["/assets/stylesheets/*", "/assets/javascripts/*"],
    )
    (site / "_headers").write_text(text + "\n", encoding="utf-8")


def _url_path(url: str) -> str:
    """A page's URL as a host path: './' -> '/', 'guide/x/' -> '/guide/x/'."""
    return "/" + (url if url not in ("", "./", ".") else "")
