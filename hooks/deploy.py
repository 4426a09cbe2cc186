"""Pre-compressed copies of the site's large text and wasm files, for static hosts
that serve `.br` / `.gz` twins (nginx gzip_static / brotli_static, and others).

Brotli at its best setting is slow on a 10 MB wasm file, so results are kept in a
cache folder keyed by the file's content hash: a rebuild only compresses what changed.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import brotli

COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt",
                ".webmanifest", ".ics")
MIN_BYTES = 1024


def gzip_bytes(data: bytes) -> bytes:
    """Gzip, best level, with a fixed timestamp so builds are reproducible."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=11)


def precompress(site: Path, cache: Path | None = None) -> list[str]:
    """Write `x.gz` and `x.br` beside every large compressible file; return their paths.

    A twin is kept only if it is smaller than the original.
    """
    written = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if not path.name.endswith(COMPRESSIBLE) or path.stat().st_size < MIN_BYTES:
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        for suffix, compress in ((".gz", gzip_bytes), (".br", brotli_bytes)):
            packed = cached(cache, key + suffix, lambda c=compress, d=data: c(d))
            if len(packed) < len(data):
                twin = path.with_name(path.name + suffix)
                twin.write_bytes(packed)
                written.append(twin.relative_to(site).as_posix())
    return written


def cached(cache: Path | None, name: str, make) -> bytes:
    if cache is None:
        return make()
    hit = cache / name
    if hit.exists():
        return hit.read_bytes()
    data = make()
    cache.mkdir(parents=True, exist_ok=True)
    tmp = hit.with_name(f"{name}.{os.getpid()}.tmp")  # parallel builds never clash
    tmp.write_bytes(data)
    tmp.replace(hit)
    return data


def css_bundle(sources: list[tuple[str, str]]) -> tuple[str, str]:
    """Join stylesheets (path, text) in order; return (fingerprinted path, text)."""
    folders = {str(Path(path).parent.as_posix()) for path, _ in sources}
    if len(folders) != 1:
        raise ValueError(f"stylesheets to join must share one folder, got {sorted(folders)}")
    text = "\n".join(f"/* ---- {path} ---- */\n{body.rstrip()}\n" for path, body in sources)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return f"{folders.pop()}/site.{digest}.css", text
