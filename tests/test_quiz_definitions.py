"""Quiz definitions are validated at build time, with file and line, like the collections."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site

from hooks.quizdefs import check_page_refs, load_definitions
from hooks.yamlsource import ContentError

SOURCE = ROOT / "quizzes" / "definitions" / "attachment.yml"
FILE = "quizzes/definitions/attachment.yml"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def problems_after(tmp_path: Path, edit) -> list[str]:
    folder = tmp_path / "quizzes" / "definitions"
    folder.mkdir(parents=True)
    (folder / "attachment.yml").write_text(edit(SOURCE.read_text()))
    with pytest.raises(ContentError) as info:
        load_definitions(folder, display_root=tmp_path)
    return [str(p) for p in info.value.problems]


def test_the_real_definition_is_valid():
    definitions = load_definitions(ROOT / "quizzes" / "definitions")
    quiz = definitions["attachment"].model
    assert len(quiz.items) >= 24
    assert [p.id for p in quiz.patterns] == ["secure", "anxious", "avoidant", "fearful-avoidant"]


def test_missing_field_names_file_line_and_item(tmp_path):
    text = SOURCE.read_text()
    line = line_of(text, "  - id: anx-02")
    problems = problems_after(tmp_path, lambda t: t.replace(
        "    text: I rarely worry that my partner will leave me.\n", "", 1))
    assert problems == [f"{FILE}:{line}: attachment.items[2].text: required field missing"]


def test_unknown_field_lists_the_allowed_ones(tmp_path):
    text = SOURCE.read_text()
    line = line_of(text, "  margin: 0.5") + 1
    problems = problems_after(tmp_path, lambda t: t.replace("  margin: 0.5\n", "  margin: 0.5\n  margn: 1\n", 1))
    assert problems == [f"{FILE}:{line}: attachment.scoring.margn: unknown field (allowed: midpoint, margin)"]


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t.replace("    dimension: anxiety\n    reverse: true\n    text: I rarely worry",
                         "    dimension: mood\n    reverse: true\n    text: I rarely worry", 1),
     "attachment.items[2].dimension: unknown dimension 'mood'"),
    (lambda t: t.replace("  - id: avo-01\n", "  - id: anx-01\n", 1), "duplicate id 'anx-01'"),
    (lambda t: t.replace("    reverse: true\n", "    reverse: false\n"), "0 of 12 statements are reverse-keyed"),
    (lambda t: t.replace("  - value: 4\n    label: Neither agree nor disagree\n", "", 1),
     "every point from 1 upwards needs a label"),
    (lambda t: t.replace("    label: Somewhat agree\n", "    label: ''\n", 1), "attachment.scale[4].label"),
    (lambda t: t.replace("  midpoint: 4\n", "  midpoint: 3\n", 1), "must be the middle of the scale, 4"),
    (lambda t: t.replace("    anxiety: higher\n    avoidance: lower\n",
                         "    anxiety: lower\n    avoidance: lower\n", 1),
     "same quadrant as patterns[0]"),
    (lambda t: t.replace("    reverse: false\n    text: I prefer not to let",
                         "    reverse: maybe\n    text: I prefer not to let", 1),
     "attachment.items[3].reverse: input should be a valid boolean"),
])
def test_every_kind_of_mistake_is_reported(tmp_path, edit, expected):
    problems = problems_after(tmp_path, edit)
    assert any(expected in p and p.startswith(f"{FILE}:") for p in problems), problems


def test_too_few_statements(tmp_path):
    def drop_last_avoidance(text):
        start = text.index("  - id: avo-12\n")
        return text[:start] + text[text.index("patterns:"):]
    problems = problems_after(tmp_path, drop_last_avoidance)
    assert any("avoidance has 11 statements; it needs at least 12" in p for p in problems)


def test_links_to_missing_pages_are_reported():
    definitions = load_definitions(ROOT / "quizzes" / "definitions", display_root=ROOT)
    pages = {"get-help.md", "guide/why-we-hold-back.md", "guide/rituals-and-check-ins.md",
             "guide/signs-of-disconnect.md", "guide/hard-seasons.md"}
    with pytest.raises(ContentError) as info:
        check_page_refs(definitions, pages)
    assert all("no page 'guide/boundaries.md'" in str(p) for p in info.value.problems)
    assert str(info.value.problems[0]).startswith(f"{FILE}:")


def test_a_broken_definition_stops_the_build(tmp_path):
    work = tmp_path / "repo"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "site", ".git", "test-artifacts", ".cache"))
    os.symlink(ROOT / "node_modules", work / "node_modules")
    target = work / "quizzes" / "definitions" / "attachment.yml"
    text = target.read_text()
    line = line_of(text, "  - id: anx-02")
    target.write_text(text.replace("    text: I rarely worry that my partner will leave me.\n", "", 1))
    done = build_site(tmp_path / "out", config=work / "mkdocs.yml")
    assert done.returncode != 0
    assert f"{FILE}:{line}: attachment.items[2].text: required field missing" in done.stderr
