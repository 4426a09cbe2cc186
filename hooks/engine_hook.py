"""MkDocs hook for the in-browser engine: a thin adapter over hooks.runtime,
hooks.quizdefs and hooks.quizform.

- on_config: validate the quiz definitions (file:line errors stop the build);
- on_files: add the Pyodide boot files, the precompiled standard library, the
  `quizzes` wheel, the engine manifest and each definition as JSON to the site;
- on_page_content: replace `<!-- quiz: NAME -->` markers with the rendered form.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import quizzes
from hooks.quizdefs import SiteLinks, check_page_refs, engine_json, load_definitions
from hooks.quizform import nav_titles, render_quiz_markers
from hooks.render import RenderError, make_env
from hooks.runtime import (
    BOOT_FILES,
    EngineBuildError,
    Pyodide,
    build_wheel,
    manifest,
    memory_snapshot,
    precompiled_package,
    precompiled_stdlib,
    trimmed_stdlib,
)
from hooks.yamlsource import ContentError

ROOT = Path(__file__).resolve().parent.parent
# A memory snapshot taken after importing the engine: the worker tries it first and
# falls back to a normal boot (the wheel) if it is missing, damaged, or too slow to arrive
# on the visitor's link (assets/js/snapshot-pack.js). `make bench`
# on 127.0.0.1, median of 5: engine ready cold 0.78 s instead of 1.09 s without it
# (naive page 2.2-2.3 s); it adds 4.8 MB to a first visit (packed: zero pages left out).
USE_SNAPSHOT = True
_state: dict[str, object] = {}


def on_config(config):
    try:
        _state["definitions"] = load_definitions(ROOT / "quizzes" / "definitions", display_root=ROOT)
    except ContentError as exc:
        raise PluginError(f"quiz definitions are not valid:\n{exc}") from None
    _state["env"] = make_env(config.theme.get_env().loader)
    return config


def _link(urls: dict[str, str], ref: str) -> str:
    path, _, anchor = ref.partition("#")
    return urls[path] + (f"#{anchor}" if anchor else "")


def on_files(files, config):
    definitions = _state["definitions"]
    urls = {f.src_uri: f.url for f in files.documentation_pages()}
    _state["page_urls"] = urls
    try:
        check_page_refs(definitions, set(urls))  # type: ignore[arg-type]
    except ContentError as exc:
        raise PluginError(f"quiz definitions are not valid:\n{exc}") from None
    titles = nav_titles(config["nav"])
    links = SiteLinks(url_of=lambda ref: _link(urls, ref),
                      title_of=lambda ref: titles.get(ref.partition("#")[0], ref))
    for name, definition in definitions.items():  # type: ignore[union-attr]
        try:
            data = engine_json(definition, links)
        except ContentError as exc:
            raise PluginError(f"quiz definitions are not valid:\n{exc}") from None
        files.append(File.generated(config, f"assets/quizzes/{name}.json",
                                    content=json.dumps(data, ensure_ascii=False)))
    try:
        pyodide = Pyodide.find(ROOT)
        stdlib = trimmed_stdlib(precompiled_stdlib(pyodide, ROOT / ".cache"))
    except EngineBuildError as exc:
        # Reported in on_post_build, so that content errors (found while pages are
        # rendered) are reported first even where node_modules is absent.
        _state["runtime_error"] = str(exc)
        return files
    _state["runtime_error"] = None
    for name in BOOT_FILES:
        files.append(File.generated(config, f"assets/pyodide/{name}",
                                    abs_src_path=str(pyodide.folder / name)))
    files.append(File.generated(config, f"assets/pyodide/{stdlib.name}", abs_src_path=str(stdlib)))
    try:
        wheel_name, wheel = build_wheel(
            ROOT / "quizzes", quizzes.__version__,
            bytecode=lambda files: precompiled_package(pyodide, files, ROOT / ".cache"))
    except EngineBuildError as exc:
        raise PluginError(str(exc)) from None
    files.append(File.generated(config, f"assets/engine/{wheel_name}", content=wheel))
    snapshot = None
    if USE_SNAPSHOT:
        try:
            snapshot = memory_snapshot(pyodide, stdlib, wheel_name, wheel, ROOT / ".cache")
        except EngineBuildError as exc:
            raise PluginError(str(exc)) from None
        files.append(File.generated(config, f"assets/engine/{snapshot.name}", abs_src_path=str(snapshot)))
    boot = manifest(pyodide, wheel_name, stdlib.name, snapshot)
    files.append(File.generated(config, "assets/engine/manifest.json", content=json.dumps(boot)))
    return files


def on_page_content(html, page, config, files):
    try:
        return render_quiz_markers(
            html, f"content/pages/{page.file.src_uri}", _state["env"],  # type: ignore[arg-type]
            _state["definitions"], page.file.url, _state["page_urls"],  # type: ignore[arg-type]
        )
    except RenderError as exc:
        raise PluginError(str(exc)) from None


def on_post_build(config):
    if _state.get("runtime_error"):
        raise PluginError(f"the scoring engine cannot be built: {_state['runtime_error']}")
