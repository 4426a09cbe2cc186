"""Content Security Policy: pure functions, no MkDocs.

The policy is strict (no 'unsafe-inline', no 'unsafe-eval'). The theme's few
inline scripts are allowed by their SHA-256 hashes, computed from the final HTML
of each page (one of them varies with page depth). 'wasm-unsafe-eval' is added
only where Pyodide runs: on pages whose own modules reach, through their imports
and workers, a module that loads Pyodide. The same policy is shipped as a
`_headers` file, because a <meta> policy does not reach a worker.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping

# Script types a browser executes; others (e.g. application/json) are data, not code.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")

# What marks a module as the one that boots Pyodide.
PYODIDE_MARKERS = ("loadPyodide", "pyodide.mjs")

# Directives a <meta> policy cannot carry (Chromium logs an error and ignores them).
_HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")


def _attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _ATTR.finditer(raw)
    }


def inline_scripts(html: str) -> list[str]:
    """Bodies of the inline scripts in `html` that a browser would run."""
    bodies = []
    for match in _SCRIPT.finditer(html):
        attrs = _attrs(match.group(1))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in _JS_TYPES:
            continue
        bodies.append(match.group(2))
    return bodies


def script_hash(body: str) -> str:
    """The CSP source expression ('sha256-...') that allows this exact script body."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: Iterable[str] = (), *, wasm: bool = False) -> dict[str, list[str]]:
    """The full policy as directive -> sources, in a stable order."""
    script = ["'self'"]
    if wasm:
        script.append("'wasm-unsafe-eval'")
    script.extend(sorted(set(hashes)))
    return {
        "default-src": ["'self'"],
        "script-src": script,
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def serialize(directives: Mapping[str, list[str]], *, for_meta: bool = False) -> str:
    """`directives` as a policy string; `for_meta` drops what <meta> cannot carry."""
    return "; ".join(
        f"{name} {' '.join(sources)}"
        for name, sources in directives.items()
        if not (for_meta and name in _HEADER_ONLY)
    )


def page_policy(html: str, *, wasm: bool) -> dict[str, list[str]]:
    """The policy for one page: its inline scripts' hashes, plus wasm if it runs Pyodide."""
    return policy((script_hash(body) for body in inline_scripts(html)), wasm=wasm)


_META_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def insert_meta(html: str, policy_text: str) -> str:
    """Put the policy in a <meta http-equiv> before anything it must govern."""
    content = policy_text.replace("&", "&amp;").replace('"', "&quot;")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    anchor = _META_CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        raise ValueError("page has no <head> to carry its Content Security Policy")
    return html[: anchor.end()] + "\n    " + tag + html[anchor.end():]


# --- Which modules boot Pyodide: a small import graph of the site's own JS ---------------

_IMPORT_PATTERNS = [
    re.compile(r"""\b(?:import|export)\s[^;'"]*?\bfrom\s*["']([^"']+)["']"""),
    re.compile(r"""\bimport\s*["']([^"']+)["']"""),
    re.compile(r"""\bimport\s*\(\s*["']([^"']+)["']\s*\)"""),
    re.compile(r"""\bnew\s+URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url"""),
    re.compile(r"""\bnew\s+(?:Shared)?Worker\(\s*["']([^"']+)["']"""),
]


def module_refs(path: str, source: str) -> set[str]:
    """Site paths (like assets/js/engine.js) that the module at `path` imports or starts."""
    refs = set()
    base = posixpath.dirname(path)
    for pattern in _IMPORT_PATTERNS:
        for spec in pattern.findall(source):
            if spec.startswith(("./", "../")):
                refs.add(posixpath.normpath(posixpath.join(base, spec)))
            elif spec.startswith("/"):
                refs.add(spec.lstrip("/"))
    return refs


def wasm_modules(sources: Mapping[str, str]) -> set[str]:
    """The modules (site paths) that boot Pyodide, directly or through what they reach."""
    graph = {path: module_refs(path, text) for path, text in sources.items()}
    booting = {path for path, text in sources.items() if any(m in text for m in PYODIDE_MARKERS)}
    # Grow backwards: a module reaching a booting module runs Pyodide too.
    changed = True
    while changed:
        changed = False
        for path, refs in graph.items():
            if path not in booting and refs & booting:
                booting.add(path)
                changed = True
    return booting


def page_needs_wasm(scripts: Iterable[str], booting: set[str]) -> bool:
    """True if any of a page's front-matter scripts runs Pyodide."""
    return any(posixpath.normpath(s.lstrip("/")) in booting for s in scripts)


# --- _headers (Netlify / Cloudflare Pages format) ----------------------------------------

CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_REVALIDATE = "public, max-age=0, must-revalidate"


def headers_file(
    page_policies: Mapping[str, str],
    worker_policies: Mapping[str, str],
    immutable: Iterable[str] = (),
) -> str:
    """The `_headers` text: one rule per page and per worker script, plus cache rules.

    Paths are exact (no `*` overlap for the policy): hosts merge every rule that
    matches, and two policies on one response are both enforced.
    """
    common = [
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: no-referrer",
        "Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ]
    lines = ["# Generated by hooks/csp_hook.py at build time: do not edit.", "/*"]
    lines += [f"  {h}" for h in common]
    lines.append("")
    for pattern in immutable:
        lines += [pattern, f"  Cache-Control: {CACHE_IMMUTABLE}", ""]
    for path, text in sorted(page_policies.items()):
        lines += [path, f"  Content-Security-Policy: {text}"]
        lines += [f"  Cache-Control: {CACHE_REVALIDATE}", ""]
    for path, text in sorted(worker_policies.items()):
        lines += [path, f"  Content-Security-Policy: {text}", ""]
    return "\n".join(lines)


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Parse `_headers` into (path pattern, [(name, value)]) rules, in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((raw.strip(), []))
        elif rules:
            name, _, value = raw.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(path: str, rules: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, str]]:
    """Headers a Netlify-style host sends for `path` (every matching rule, merged)."""
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    found = []
    for pattern, headers in rules:
        if pattern.endswith("*"):
            hit = path.startswith(pattern[:-1])
        else:
            hit = path == pattern
        if hit:
            found.extend(headers)
    return found
