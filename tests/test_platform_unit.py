"""The platform's pure parts: PNG writing, page descriptions, the offline file list
and version, pre-compression."""

from __future__ import annotations

import gzip
import json
import zlib

import brotli

from hooks import deploy, offline, share
from hooks.pngwrite import png_bytes


def test_png_is_valid_and_holds_the_pixels():
    data = png_bytes(2, 1, [bytes([255, 0, 0, 0, 0, 255])])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4: idat], "big")
    assert zlib.decompress(data[idat + 4: idat + 4 + length]) == b"\x00" + bytes([255, 0, 0, 0, 0, 255])


def test_icon_has_the_heart_in_the_middle_and_teal_in_the_corner():
    size = 64
    data = share.icon_png(size)
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4: idat], "big")
    raw = zlib.decompress(data[idat + 4: idat + 4 + length])
    row = size * 3 + 1

    def pixel(x, y):
        start = y * row + 1 + x * 3
        return tuple(raw[start: start + 3])

    assert pixel(0, 0) == share.TEAL
    assert pixel(size // 2, size // 2) == share.CREAM


def test_description_comes_from_the_first_real_paragraph():
    html = "<p>Hi</p><p>Couples drift apart in <a href='x'>small steps</a> , mostly &amp; quietly.</p>"
    assert share.describe(html) == "Couples drift apart in small steps, mostly & quietly."
    long = "<p>" + "word " * 100 + "</p>"
    cut = share.describe(long)
    assert len(cut) <= 160 and cut.endswith("…")
    assert share.describe("<p>short</p>") is None


def test_manifest_and_robots():
    data = json.loads(share.manifest("Tend", "A guide"))
    assert data["start_url"] == "./" and data["scope"] == "./"
    assert any(i.get("purpose") == "maskable" for i in data["icons"])
    assert "Sitemap" not in share.robots(None)
    assert "Sitemap: https://x.org/tend/sitemap.xml" in share.robots("https://x.org/tend/")


def make_site(tmp_path):
    site = tmp_path / "site"
    for rel, text in {
        "index.html": "home", "guide/a/index.html": "a", "assets/x.js": "x",
        "assets/x.js.br": "b", "assets/x.js.gz": "g", "_headers": "h", "sw.js": "sw",
        "sitemap.xml": "s", "assets/javascripts/lunr/min/lunr.de.min.js": "de",
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    return site


def test_precache_list_keeps_pages_and_assets_only(tmp_path):
    site = make_site(tmp_path)
    assert sorted(offline.precache_paths(site)) == ["./", "assets/x.js", "guide/a/", "sitemap.xml"]


def test_cache_version_changes_with_any_file(tmp_path):
    site = make_site(tmp_path)
    paths = offline.precache_paths(site)
    before = offline.cache_version(site, paths)
    assert offline.cache_version(site, paths) == before
    (site / "guide/a/index.html").write_text("a, edited")
    assert offline.cache_version(site, paths) != before


def test_service_worker_template_is_filled(tmp_path):
    sw = offline.service_worker('const V = "__TEND_VERSION__"; const F = ["__TEND_FILES__"];',
                                "abc", ["./", "a.js"])
    assert 'const V = "abc"' in sw and '"a.js"' in sw and "__TEND" not in sw


def test_precompress_writes_exact_twins_and_skips_small_files(tmp_path):
    site = tmp_path / "s"
    site.mkdir()
    big = ("connection " * 500).encode()
    (site / "big.js").write_bytes(big)
    (site / "small.css").write_bytes(b"a{}")
    (site / "img.png").write_bytes(big)
    written = deploy.precompress(site, cache=tmp_path / "cache")
    assert sorted(written) == ["big.js.br", "big.js.gz"]
    assert brotli.decompress((site / "big.js.br").read_bytes()) == big
    assert gzip.decompress((site / "big.js.gz").read_bytes()) == big
    # The second time, the cache answers (same bytes).
    (site / "big.js.br").unlink()
    deploy.precompress(site, cache=tmp_path / "cache")
    assert brotli.decompress((site / "big.js.br").read_bytes()) == big


def test_pyodide_runtime_is_cached_on_demand_not_on_install():
    now, later = offline.split_on_demand(["./", "assets/pyodide/pyodide.asm.wasm", "assets/js/engine.js"])
    assert now == ["./", "assets/js/engine.js"]
    assert later == ["assets/pyodide/pyodide.asm.wasm"]
    sw = offline.service_worker('const F = ["__TEND_FILES__"]; const L = ["__TEND_ON_DEMAND__"];',
                                "v1", ["./", "assets/pyodide/pyodide.asm.wasm"])
    assert '"assets/pyodide/pyodide.asm.wasm"' in sw.split("const L")[1]
    assert "pyodide" not in sw.split("const L")[0]
