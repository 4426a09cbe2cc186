"""`make audit`: outside tools judge the built site, beside a plain Material baseline.

For Tend (site/, served with its own `_headers`, as a static host would) and for a
plain MkDocs-Material build of the same pages with Tend's theme overrides switched
off, on 127.0.0.1 in Debian's Chromium:

- Lighthouse 12.2.3 (npm, pinned): performance, accessibility, best practices, SEO on
  the home page, the longest guide chapter, tools/attachment/ and tools/challenge/,
  mobile and desktop presets, median of N runs (3 by default);
- the Nu HTML Checker (npm vnu-jar, run with the machine's Java) on every HTML page;
- axe-core on every page in the light and the dark scheme.

Prints one table, each figure beside its baseline. Not part of `make test`: it takes
a quarter of an hour on two cores. `--runs 1` for a quick look.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations, serve, set_scheme  # noqa: E402
from mkdocs.utils import yaml_load  # noqa: E402
from sitepages import site_pages  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}
# Our hooks that are "the overrides": the baseline runs every other hook (content,
# engine, tools), so that it has the same pages with the same words.
PLATFORM_HOOKS = ("platform_hook.py", "csp_hook.py")


def build_baseline(dest: Path) -> Path:
    """Build the same pages with plain Material: no custom shell, CSS, JS or our hooks.

    What the baseline still needs to build at all: the content hooks (collections are
    rendered by Jinja macros found through the theme's loader, so the theme gets a
    custom_dir holding only those macros, not Material's partials we override) and
    `font: false` (Material's default Google Fonts cannot load here).
    """
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    macros = dest / "overrides"
    material_partials = {
        p.name for p in (Path(sys.modules["mkdocs"].__file__).parent.parent
                         / "material" / "templates" / "partials").iterdir()
    }
    shutil.copytree(ROOT / "overrides" / "partials", macros / "partials",
                    ignore=lambda d, names: [n for n in names
                                             if Path(d) == ROOT / "overrides" / "partials"
                                             and n in material_partials])
    theme = config["theme"]
    theme["custom_dir"] = str(macros)
    theme.pop("favicon", None)
    for scheme in theme.get("palette", []):
        scheme.pop("primary", None)
        scheme.pop("accent", None)
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks", [])
                       if not h.endswith(PLATFORM_HOOKS)]
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config.pop("watch", None)
    config["strict"] = False
    config_file = dest / "mkdocs.yml"
    config_file.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    out = dest / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file),
                           "-d", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"baseline build failed:\n{done.stderr}")
    return out


def lighthouse(url: str, preset: str) -> dict[str, float]:
    """One Lighthouse run: category -> score (0-100)."""
    flags = " ".join([*CHROMIUM_ARGS, "--headless=new"])
    cmd = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
           f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    report = json.loads(done.stdout)
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES
            if report["categories"][c]["score"] is not None}


def lighthouse_failures(url: str, preset: str) -> list[str]:
    """Audits that lost points, for the note under the table (one extra run)."""
    flags = " ".join([*CHROMIUM_ARGS, "--headless=new"])
    cmd = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
           f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    report = json.loads(done.stdout)
    out = []
    for cat in CATEGORIES:
        for ref in report["categories"][cat]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                out.append(f"{cat}: {ref['id']} ({audit['score']:.2f}) {audit.get('displayValue', '')}")
    return out


def nu_errors(site: Path) -> tuple[int, int, dict[str, int]]:
    """(pages checked, errors, errors by message) from the Nu HTML Checker."""
    pages = [str(p) for p in site.rglob("*.html")]
    done = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                           *pages], capture_output=True, text=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    by_message: dict[str, int] = {}
    for m in errors:
        by_message[m["message"][:90]] = by_message.get(m["message"][:90], 0) + 1
    return len(pages), len(errors), by_message


def axe_all(browser, url: str, site: Path, scheme: str) -> tuple[int, int, dict[str, int]]:
    """(violations of any impact, serious or critical ones, count by rule) over every page."""
    ctx = browser.new_context(base_url=url, service_workers="block",
                              viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    total = serious = 0
    rules: dict[str, int] = {}
    page.goto("")
    set_scheme(page, scheme)
    for path in site_pages(site):
        page.goto(path)
        set_scheme(page, scheme)
        for v in axe_violations(page, impacts=("minor", "moderate", "serious", "critical")):
            total += 1
            serious += v["impact"] in ("serious", "critical")
            rules[f"{v['id']} ({v['impact']})"] = rules.get(f"{v['id']} ({v['impact']})", 0) + 1
    ctx.close()
    return total, serious, rules


def longest_chapter(site: Path) -> str:
    chapters = [p for p in site_pages(site) if p.startswith("guide/")]
    return max(chapters, key=lambda p: len((site / p / "index.html").read_text(encoding="utf-8")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per figure (median)")
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    site = args.site
    if not (site / "_headers").exists():
        sys.exit("site/ is not a Tend build: run `make build` first")

    work = Path(tempfile.mkdtemp(prefix="tend-audit-"))
    print("building the plain Material baseline ...", flush=True)
    base_site = build_baseline(work)
    # Tend as a static host serves it: its `_headers` and its .br/.gz twins.
    ours_server, ours_url = serve(site, headers=True, compressed=True)
    base_server, base_url = serve(base_site)

    rows: list[tuple[str, str, str]] = []
    notes: list[str] = []
    pages = {"home": "", "long chapter": longest_chapter(site),
             "attachment": "tools/attachment/", "challenge": "tools/challenge/"}
    for name, path in pages.items():
        for preset in ("mobile", "desktop"):
            print(f"lighthouse {name} ({path or '/'}) {preset} x{args.runs} ...", flush=True)
            ours = [lighthouse(ours_url + path, preset) for _ in range(args.runs)]
            base = [lighthouse(base_url + path, preset) for _ in range(args.runs)]
            for cat in CATEGORIES:
                o = statistics.median(r[cat] for r in ours)
                b = statistics.median(r[cat] for r in base)
                rows.append((f"Lighthouse {SHORT[cat]:5} {name:12} {preset}", f"{o:g}", f"{b:g}"))
            worst = min(statistics.median(r[c] for r in ours) for c in CATEGORIES)
            if worst < 100:
                lost = lighthouse_failures(ours_url + path, preset)
                notes.append(f"{name} {preset}: " + ("; ".join(lost) or "(no audit under 1 this run)"))

    print("Nu HTML Checker ...", flush=True)
    n_ours, e_ours, msg_ours = nu_errors(site)
    n_base, e_base, msg_base = nu_errors(base_site)
    rows.append((f"Nu HTML Checker errors ({n_ours} / {n_base} pages)", str(e_ours), str(e_base)))
    for msg, count in sorted(msg_ours.items(), key=lambda kv: -kv[1]):
        notes.append(f"Nu (Tend) x{count}: {msg}")
    for msg, count in sorted(msg_base.items(), key=lambda kv: -kv[1])[:5]:
        notes.append(f"Nu (baseline) x{count}: {msg}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme, label in (("default", "light"), ("slate", "dark")):
            print(f"axe-core, every page, {label} ...", flush=True)
            t_o, s_o, r_o = axe_all(browser, ours_url, site, scheme)
            t_b, s_b, r_b = axe_all(browser, base_url, base_site, scheme)
            rows.append((f"axe violations, all impacts, {label}", str(t_o), str(t_b)))
            rows.append((f"axe serious/critical, {label}", str(s_o), str(s_b)))
            for rule, count in r_o.items():
                notes.append(f"axe (Tend, {label}) x{count}: {rule}")
            for rule, count in r_b.items():
                notes.append(f"axe (baseline, {label}) x{count}: {rule}")
        browser.close()
    ours_server.shutdown()
    base_server.shutdown()
    shutil.rmtree(work, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print()
    print(f"| {'check':{width}} | {'Tend':>6} | {'plain Material':>14} |")
    print(f"|{'-' * (width + 2)}|{'-' * 8}|{'-' * 16}|")
    for check, ours, base in rows:
        print(f"| {check:{width}} | {ours:>6} | {base:>14} |")
    print(f"\nLighthouse: median of {args.runs} runs; pages: "
          + ", ".join(f"{k} = /{v}" for k, v in pages.items()))
    if notes:
        print("\nNotes:")
        for note in notes:
            print(f"- {note}")


if __name__ == "__main__":
    main()
