"""Side-by-side comparison with a partner: where checklist answers differ, attachment pairings."""

from __future__ import annotations

import itertools

import pytest
from tools_vectors import ids, load_definitions

from quizzes import api, compare

CHECKLIST = load_definitions()["checklist"]
KEYS = ids(CHECKLIST)
CORNERS = {
    "secure": (2.0, 2.0),
    "anxious": (6.0, 2.0),
    "avoidant": (2.0, 6.0),
    "fearful-avoidant": (6.0, 6.0),
}


def attachment_result(anxiety, avoidance):
    return {"scores": {"anxiety": anxiety, "avoidance": avoidance}, "scale": {"midpoint": 4.0}}


def test_checklist_comparison_lists_only_the_questions_where_you_differ():
    mine = api.call("checklist.score", {"definition": CHECKLIST, "answers": dict.fromkeys(KEYS, 2)})
    partner = {"tool": "checklist", "levels": {**dict.fromkeys(KEYS, 2), KEYS[1]: 0, KEYS[4]: 1}}
    out = api.call(
        "share.compare",
        {"tool": "checklist", "mine": mine, "partner": partner, "definition": CHECKLIST},
    )
    assert [d["id"] for d in out["differ"]] == [KEYS[1], KEYS[4]]
    assert (
        out["differ"][0]["mine"]["label"] == "Yes" and out["differ"][0]["partner"]["label"] == "No"
    )
    assert out["same"] == 8 and out["both_growing"] == []
    assert (out["mine"]["score"], out["partner"]["score"], out["max"]) == (20, 17, 20)
    assert "fear" in out["safety"] and "not a score to settle" in out["note"]


def test_shared_growth_areas_are_named():
    mine = api.call(
        "checklist.score",
        {"definition": CHECKLIST, "answers": {**dict.fromkeys(KEYS, 2), KEYS[0]: 1}},
    )
    partner = {"tool": "checklist", "levels": {**dict.fromkeys(KEYS, 2), KEYS[0]: 1}}
    out = api.call(
        "share.compare",
        {"tool": "checklist", "mine": mine, "partner": partner, "definition": CHECKLIST},
    )
    assert out["differ"] == [] and [r["id"] for r in out["both_growing"]] == [KEYS[0]]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations_with_replacement(CORNERS, 2)))
def test_every_pairing_has_a_note_without_blame(a, b):
    out = api.call(
        "share.compare",
        {
            "tool": "attachment",
            "mine": attachment_result(*CORNERS[a]),
            "partner": {
                "tool": "attachment",
                "scores": dict(zip(("anxiety", "avoidance"), CORNERS[b], strict=True)),
            },
        },
    )
    assert (out["mine"]["pattern"]["id"], out["partner"]["pattern"]["id"]) == (a, b)
    text = out["pairing"]["text"].lower()
    assert out["pairing"]["title"] and len(text) > 80
    for word in ("fault", "blame", "toxic", "wrong with"):
        assert word not in text


def test_anxious_and_avoidant_is_the_pursue_withdraw_cycle():
    out = compare.compare_attachment(
        attachment_result(6.0, 2.0),
        {"scores": {"anxiety": 2, "avoidance": 6}},
        compare.DEFAULT_NAMES,
    )
    assert out["pairing"]["title"] == "The pursue and withdraw cycle"
    assert "Neither of you is the problem" in out["pairing"]["text"]


def test_the_midpoint_itself_counts_as_lower_like_the_scorer():
    assert compare.pattern_of({"anxiety": 4.0, "avoidance": 4.01}, 4.0) == "avoidant"
