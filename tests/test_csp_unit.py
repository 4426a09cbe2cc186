"""The Content Security Policy's pure parts: hashes, the Pyodide rule, `_headers`."""

from __future__ import annotations

import base64
import hashlib

import pytest

from hooks import csp
from hooks.htmlfix import drop_checkbox_autocomplete

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script>var a=1</script><script src="x.js"></script>
<script type="application/json" id="__config">{"a": 1}</script>
<script type="module">import "./y.js"</script>
</head><body><input type="checkbox" id="t" autocomplete="off"><input type="text" autocomplete="off">
</body></html>"""


def test_only_executable_inline_scripts_are_hashed():
    assert csp.inline_scripts(PAGE) == ["var a=1", 'import "./y.js"']
    digest = base64.b64encode(hashlib.sha256(b"var a=1").digest()).decode()
    assert csp.script_hash("var a=1") == f"'sha256-{digest}'"


def test_policy_is_strict_and_wasm_only_on_request():
    plain = csp.serialize(csp.page_policy(PAGE, wasm=False))
    engine = csp.serialize(csp.page_policy(PAGE, wasm=True))
    for text in (plain, engine):
        assert "unsafe-inline" not in text and "'unsafe-eval'" not in text
        assert "object-src 'none'" in text and "frame-ancestors 'none'" in text
    assert "wasm-unsafe-eval" not in plain
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in engine


def test_meta_policy_leaves_out_what_meta_cannot_carry_and_comes_first():
    text = csp.serialize(csp.page_policy(PAGE, wasm=False), for_meta=True)
    assert "frame-ancestors" not in text
    out = csp.insert_meta(PAGE, text)
    assert out.index('http-equiv="Content-Security-Policy"') < out.index("<script>")
    with pytest.raises(ValueError, match="no <head>"):
        csp.insert_meta("<p>hi</p>", text)


def test_pyodide_is_found_through_imports_and_workers():
    sources = {
        "assets/js/attachment.js": 'import { getEngine } from "./engine.js";',
        "assets/js/engine.js": 'new Worker(new URL("./engine-worker.js", import.meta.url), {type: "module"})',
        "assets/js/engine-worker.js": 'import { loadPyodide } from "../../pyodide/pyodide.mjs";',
        "assets/js/print.js": 'import "./util.js";',
        "assets/js/util.js": "export const x = 1;",
    }
    booting = csp.wasm_modules(sources)
    assert booting == {"assets/js/attachment.js", "assets/js/engine.js", "assets/js/engine-worker.js"}
    assert csp.page_needs_wasm(["assets/js/attachment.js"], booting)
    assert not csp.page_needs_wasm(["assets/js/print.js"], booting)
    assert not csp.page_needs_wasm([], booting)


def test_headers_file_round_trips_and_never_stacks_two_policies():
    text = csp.headers_file(
        {"/": "default-src 'self'", "/tools/": "default-src 'none'"},
        {"/assets/js/w.js": "script-src 'self' 'wasm-unsafe-eval'"},
        immutable=["/assets/javascripts/*"],
    )
    rules = csp.parse_headers_file(text)
    for path in ("/", "/index.html", "/tools/", "/tools/index.html", "/assets/js/w.js"):
        policies = [v for k, v in csp.headers_for(path, rules) if k == "Content-Security-Policy"]
        assert len(policies) == 1, path
    assert ("Cache-Control", csp.CACHE_IMMUTABLE) in csp.headers_for("/assets/javascripts/b.js", rules)
    assert ("X-Content-Type-Options", "nosniff") in csp.headers_for("/anything", rules)


def test_checkbox_autocomplete_is_dropped_and_other_inputs_kept():
    out = drop_checkbox_autocomplete(PAGE)
    assert '<input type="checkbox" id="t">' in out
    assert '<input type="text" autocomplete="off">' in out
