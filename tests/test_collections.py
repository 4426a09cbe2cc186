"""The content loader and validator: good data loads; every kind of bad data names file, line, field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks.collections import check_page_refs, json_schemas, load_collections
from hooks.yamlsource import ContentError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data"

SOURCE = """\
- id: gottman-1999
  authors: John M. Gottman and Nan Silver
  year: 1999
  title: The Seven Principles for Making Marriage Work
  published_in: Crown
  kind: book
"""

FLAG = """\
- id: one
  sign: Short answers.
  category: communication
  try_this: Ask something specific.
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def problems(tmp_path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_collections(tmp_path, display_root=tmp_path.parent)
    return [str(p) for p in info.value.problems]


def prefix(tmp_path: Path, name: str) -> str:
    return f"{tmp_path.name}/{name}.yml"


def test_real_content_loads():
    collections = load_collections(DATA, display_root=ROOT)
    assert len(collections["red_flags"]) == 10


def test_good_file_loads_typed_items(tmp_path):
    write(tmp_path, "red_flags", FLAG)
    flags = load_collections(tmp_path)["red_flags"]
    assert flags[0].sign == "Short answers."


def test_yaml_syntax_error_names_line(tmp_path):
    write(tmp_path, "red_flags", FLAG + "- id: two\n  sign: [unclosed\n")
    (msg,) = problems(tmp_path)
    assert msg.startswith(f"{prefix(tmp_path, 'red_flags')}:")
    assert "YAML syntax" in msg
    assert int(msg.split(":")[1]) >= 6


def test_missing_field(tmp_path):
    write(tmp_path, "red_flags", FLAG + "- id: two\n  category: touch\n  try_this: Hug.\n")
    assert problems(tmp_path) == [
        f"{prefix(tmp_path, 'red_flags')}:5: red_flags[1].sign: required field missing"
    ]


def test_wrong_type(tmp_path):
    write(tmp_path, "sources", SOURCE.replace("year: 1999", "year: soon"))
    (msg,) = problems(tmp_path)
    assert msg.startswith(f"{prefix(tmp_path, 'sources')}:3: sources[0].year: ")
    assert "integer" in msg


def test_value_outside_choices(tmp_path):
    write(tmp_path, "red_flags", FLAG.replace("communication", "vibes"))
    (msg,) = problems(tmp_path)
    assert msg.startswith(f"{prefix(tmp_path, 'red_flags')}:3: red_flags[0].category: ")
    assert "'communication'" in msg


def test_unknown_key(tmp_path):
    write(tmp_path, "red_flags", FLAG + "  colour: red\n")
    (msg,) = problems(tmp_path)
    assert msg.startswith(f"{prefix(tmp_path, 'red_flags')}:5: red_flags[0].colour: unknown field")
    assert "allowed: id, sign" in msg


def test_duplicate_id(tmp_path):
    write(tmp_path, "red_flags", FLAG + FLAG)
    assert problems(tmp_path) == [
        f"{prefix(tmp_path, 'red_flags')}:5: red_flags[1].id: duplicate id 'one' (also red_flags[0])"
    ]


def test_duplicate_key_in_one_item(tmp_path):
    write(tmp_path, "red_flags", FLAG + "  sign: Again.\n")
    (msg,) = problems(tmp_path)
    assert msg.startswith(f"{prefix(tmp_path, 'red_flags')}:5:")
    assert "duplicate key 'sign' (first set on line 2)" in msg


def test_dangling_reference(tmp_path):
    write(tmp_path, "sources", SOURCE)
    write(tmp_path, "researchers", "- id: gottman\n  name: John Gottman\n  known_for: Bids.\n"
                                   "  sources: [gottman-1999, nobody-2020]\n")
    assert problems(tmp_path) == [
        f"{prefix(tmp_path, 'researchers')}:4: researchers[0].sources: unknown sources id 'nobody-2020'"
    ]


def test_dangling_page_reference(tmp_path):
    write(tmp_path, "checklist", "- id: aware\n  question: Do I know?\n  area: awareness\n"
                                 "  try_this: Ask.\n  chapter: guide/nowhere.md#x\n")
    collections = load_collections(tmp_path, display_root=tmp_path.parent)
    with pytest.raises(ContentError) as info:
        check_page_refs(collections, {"index.md"})
    assert str(info.value) == (
        f"{prefix(tmp_path, 'checklist')}:5: checklist[0].chapter: no page 'guide/nowhere.md' in content/pages"
    )


def test_empty_file(tmp_path):
    write(tmp_path, "red_flags", "# nothing yet\n")
    assert problems(tmp_path) == [f"{prefix(tmp_path, 'red_flags')}:1: file is empty; expected a list of items"]


def test_not_utf8(tmp_path):
    write(tmp_path, "red_flags", FLAG.encode() + b"- id: caf\xe9\n")
    (msg,) = problems(tmp_path)
    assert msg.startswith(f"{prefix(tmp_path, 'red_flags')}:5: not valid UTF-8")


def test_top_level_must_be_a_list(tmp_path):
    write(tmp_path, "red_flags", "red_flags:\n" + FLAG)
    (msg,) = problems(tmp_path)
    assert msg == f"{prefix(tmp_path, 'red_flags')}:1: red_flags: expected a list of items, found dict"


def test_unknown_collection_file(tmp_path):
    write(tmp_path, "redflags", FLAG)
    (msg,) = problems(tmp_path)
    assert "unknown collection 'redflags'" in msg


def test_all_problems_reported_at_once(tmp_path):
    write(tmp_path, "red_flags", FLAG + "  colour: red\n")
    write(tmp_path, "sources", SOURCE.replace("kind: book", "kind: film"))
    assert len(problems(tmp_path)) == 2


def test_published_json_schemas_are_current():
    for name, text in json_schemas().items():
        published = ROOT / "content" / "schemas" / f"{name}.schema.json"
        assert published.read_text(encoding="utf-8") == text, f"run `make schemas` ({name})"
        assert json.loads(text)["type"] == "array"


def test_every_data_file_names_its_schema():
    for path in DATA.glob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{path.stem}.schema.json", path
