"""What the service worker precaches, and its version: pure functions over a built site.

The cache version is a hash of every precached file's path and bytes, so any change to
the site gives a new version, a new cache, and (after the old tabs close) a clean swap.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

# Not worth keeping offline: compressed twins, host config, source maps, robots,
# and lunr's language packs (English search does not load them). sitemap.xml stays:
# Material's instant navigation reads it.
_SKIP_SUFFIXES = (".gz", ".br", ".map")
_SKIP_NAMES = {"_headers", "sw.js", "robots.txt", "sitemap.xml.gz", ".nojekyll"}
_SKIP_PREFIXES = ("assets/javascripts/lunr/min/", "assets/javascripts/lunr/tinyseg",
                  "assets/javascripts/lunr/wordcut")
# Pyodide's runtime (about 15 MB) and the engine wheel are cached when a self-check
# first boots them, not on install: a reader of the guide never downloads them.
ON_DEMAND_PREFIXES = ("assets/pyodide/", "assets/engine/")


def precache_paths(site: Path) -> list[str]:
    """Site-relative paths to precache; pages as their directory URL ('guide/x/', './')."""
    paths = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in _SKIP_NAMES or rel.endswith(_SKIP_SUFFIXES) or rel.startswith(_SKIP_PREFIXES):
            continue
        if rel == "index.html":
            rel = "./"
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        paths.append(rel)
    return paths


def split_on_demand(paths: list[str]) -> tuple[list[str], list[str]]:
    """(precached at install, cached on first use) for the precache list."""
    later = [p for p in paths if p.startswith(ON_DEMAND_PREFIXES)]
    return [p for p in paths if p not in later], later


def _file_for(site: Path, rel: str) -> Path:
    if rel == "./":
        return site / "index.html"
    return site / (rel + "index.html" if rel.endswith("/") else rel)


def cache_version(site: Path, paths: list[str]) -> str:
    """A short hash of the precached files' names and contents."""
    digest = hashlib.sha256()
    for rel in paths:
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(_file_for(site, rel).read_bytes()).digest())
    return digest.hexdigest()[:16]


def service_worker(template: str, version: str, paths: list[str]) -> str:
    """The service worker's source: the template with its version and file lists filled in."""
    now, later = split_on_demand(paths)
    return (template
            .replace('"__TEND_VERSION__"', json.dumps(version))
            .replace('["__TEND_FILES__"]', json.dumps(now, indent=0))
            .replace('["__TEND_ON_DEMAND__"]', json.dumps(later, indent=0)))


PASS_THROUGH = """// Tend under `mkdocs serve`: no offline cache while writing, and old caches removed.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) if (key.startsWith("tend-")) await caches.delete(key);
  await self.clients.claim();
})()));
"""
