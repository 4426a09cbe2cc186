"""The saved-history schema: versions, migration, merging, and damaged data left alone."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tools_vectors import ids, load_definitions

from quizzes import api, storage
from quizzes.errors import InvalidRequest
from quizzes.storage import CorruptHistory, ForeignHistory, FutureHistory

DEFS = load_definitions()
KEYS = ids(DEFS["checklist"])


RESULTS = {
    level: api.call(
        "checklist.score", {"definition": DEFS["checklist"], "answers": dict.fromkeys(KEYS, level)}
    )
    for level in (0, 1, 2)
}


def checklist_result(level=1):
    return RESULTS[level]


ATTACHMENT = {
    "scores": {"anxiety": 3.25, "avoidance": 2.5},
    "pattern": {"id": "secure", "name": "Secure"},
}


def add(text, tool, result, at):
    return api.call("history.add", {"text": text, "tool": tool, "result": result, "saved_at": at})[
        "text"
    ]


def two_weeks():
    text = add(None, "checklist", checklist_result(0), "2026-11-11T19:00:00.000Z")
    text = add(text, "attachment", ATTACHMENT, "2026-11-12T08:30:00.000Z")
    return add(text, "checklist", checklist_result(2), "2026-11-18T19:00:00.000Z")


def test_nothing_saved_reads_as_an_empty_history():
    for text in (None, ""):
        out = api.call("history.load", {"text": text})
        assert out["count"] == 0 and out["data"] == storage.empty()


def test_saving_keeps_numbers_only_with_a_version():
    data = json.loads(two_weeks())
    assert data["format"] == "tend-history" and data["version"] == storage.VERSION
    first = data["entries"][0]
    assert first == {
        "tool": "checklist",
        "saved_at": "2026-11-11T19:00:00.000Z",
        "result": {
            "score": 0,
            "max": 20,
            "levels": dict.fromkeys(KEYS, 0),
            "edition": checklist_result()["edition"],
        },
    }
    assert data["entries"][1]["result"] == {"anxiety": 3.25, "avoidance": 2.5, "pattern": "secure"}
    assert "try_this" not in json.dumps(data)


def test_series_for_the_charts():
    out = api.call("history.series", {"text": two_weeks(), "definition": DEFS["checklist"]})
    assert [p["value"] for p in out["checklist"]["overall"]] == [0, 20]
    assert [a["id"] for a in out["checklist"]["areas"]] == KEYS
    assert out["checklist"]["areas"][0]["name"] == DEFS["checklist"]["items"][0]["area"]
    assert out["attachment"]["anxiety"] == [{"at": "2026-11-12T08:30:00.000Z", "value": 3.25}]


def test_version_1_is_migrated_in_memory():
    old = json.dumps(
        {
            "format": "tend-history",
            "version": 1,
            "checklist": [{"date": "2026-10-01", "score": 10, "levels": dict.fromkeys(KEYS, 1)}],
            "attachment": [{"date": "2026-10-02", "anxiety": 4.5, "avoidance": 1.5}],
        }
    )
    out = api.call("history.load", {"text": old})
    assert out["migrated_from"] == 1
    assert out["data"]["version"] == 2
    assert [e["saved_at"] for e in out["data"]["entries"]] == [
        "2026-10-01T12:00:00.000Z",
        "2026-10-02T12:00:00.000Z",
    ]
    # saving on top of version 1 writes version 2, keeping the old results
    text = add(old, "checklist", checklist_result(2), "2026-11-20T10:00:00.000Z")
    assert [e["tool"] for e in json.loads(text)["entries"]] == [
        "checklist",
        "attachment",
        "checklist",
    ]


def test_merge_adds_only_what_is_new_and_is_idempotent():
    mine = add(None, "checklist", checklist_result(1), "2026-11-11T19:00:00.000Z")
    out = api.call("history.merge", {"text": mine, "incoming": two_weeks()})
    assert (out["added"], out["already"], out["count"]) == (2, 1, 3)
    # the device's own version of a shared entry wins
    assert out["data"]["entries"][0]["result"]["score"] == 10
    again = api.call("history.merge", {"text": out["text"], "incoming": two_weeks()})
    assert (again["added"], again["already"]) == (0, 3) and again["text"] == out["text"]


entry_st = st.builds(
    lambda day, hour, tool, level: (
        f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T{hour:02d}:00:00.000Z",
        tool,
        level,
    ),
    st.integers(0, 300),
    st.integers(0, 23),
    st.sampled_from(["checklist", "attachment"]),
    st.integers(0, 2),
)


@settings(deadline=None, max_examples=60)
@given(st.lists(entry_st, max_size=8), st.lists(entry_st, max_size=8))
def test_merge_is_a_union_without_duplicates(a, b):
    def build(entries):
        text = None
        for at, tool, level in entries:
            result = checklist_result(level) if tool == "checklist" else ATTACHMENT
            text = add(text, tool, result, at)
        return text

    ta, tb = build(a), build(b)
    if tb is None:
        return
    out = api.call("history.merge", {"text": ta, "incoming": tb})
    keys = [(e["tool"], e["saved_at"]) for e in out["data"]["entries"]]
    assert len(keys) == len(set(keys)) == len({(t, at) for at, t, _ in a + b})
    assert keys == sorted(keys, key=lambda k: (k[1], k[0]))


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("{not json", CorruptHistory, "not in a format Tend can read"),
        (
            '{"format": "tend-history", "version": 2, "entries": [{"tool": "checklist"}]}',
            CorruptHistory,
            "result 1 is not laid out",
        ),
        (
            '{"format": "tend-history", "version": 2, "entries": [{"tool": "checklist", '
            '"saved_at": "yesterday", "result": {}}]}',
            CorruptHistory,
            "no valid date",
        ),
        (
            '{"format": "tend-history", "version": "2", "entries": []}',
            CorruptHistory,
            "version mark",
        ),
        (
            '{"format": "tend-history", "version": 2, "entries": [], "extra": 1}',
            CorruptHistory,
            "parts",
        ),
        ("[1, 2, 3]", ForeignHistory, "did not write"),
        ('{"theme": "dark"}', ForeignHistory, "did not write"),
        ('{"format": "tend-history", "version": 3, "entries": []}', FutureHistory, "newer version"),
    ],
)
def test_bad_stored_data_is_reported_plainly(text, error, words):
    with pytest.raises(error) as info:
        api.call("history.load", {"text": text})
    assert words in info.value.message
    assert info.value.message.endswith(".")


def test_a_tampered_score_is_caught():
    data = json.loads(two_weeks())
    data["entries"][0]["result"]["score"] = 19
    with pytest.raises(CorruptHistory, match="does not match its answers"):
        api.call("history.load", {"text": json.dumps(data)})


def test_saving_over_damaged_data_is_refused():
    for bad in ("{oops", '{"format": "tend-history", "version": 7, "entries": []}', '"hello"'):
        with pytest.raises(storage.StorageError) as info:
            add(bad, "checklist", checklist_result(), "2026-11-11T19:00:00.000Z")
        assert "left" in info.value.message


def test_importing_a_bad_file_names_the_file_not_the_device():
    with pytest.raises(ForeignHistory, match="The file you chose is not a Tend history file"):
        api.call("history.merge", {"text": two_weeks(), "incoming": '{"some": "thing"}'})
    with pytest.raises(CorruptHistory, match="The file you chose could not be read"):
        api.call("history.merge", {"text": None, "incoming": "{broken"})


def test_bad_dates_and_tools_are_refused_when_saving():
    with pytest.raises(InvalidRequest):
        add(None, "checklist", checklist_result(), "25/11/2026")
    with pytest.raises(InvalidRequest):
        add(None, "dependence", {"score": 1}, "2026-11-11T19:00:00.000Z")
