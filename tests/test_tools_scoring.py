"""The checklist, over-dependence and drifting-apart scorers on CPython."""

from __future__ import annotations

import copy

import pytest
from tools_vectors import all_vectors, check, ids, load_definitions

from quizzes import api, checklist, dependence, drifting
from quizzes.errors import InvalidDefinition, InvalidRequest, QuizError

DEFS = load_definitions()
VECTORS = all_vectors(DEFS)
CASES = [(tool, case) for tool, cases in VECTORS.items() for case in cases]


def score(tool, answers, definition=None):
    return api.call(f"{tool}.score", {"definition": definition or DEFS[tool], "answers": answers})


@pytest.mark.parametrize(("tool", "case"), CASES, ids=[f"{t}-{c['name']}" for t, c in CASES])
def test_vector(tool, case):
    if "error" in case:
        with pytest.raises(QuizError) as info:
            score(tool, case["answers"])
        assert info.value.kind == case["error"]
        assert info.value.items == case["items"]
        assert not info.value.message[0].islower() and info.value.message.endswith(".")
    else:
        check(tool, case, score(tool, case["answers"]))


def test_checklist_is_the_ten_questions_of_the_collection():
    d = DEFS["checklist"]
    assert len(d["items"]) == 10
    assert [p["label"] for p in d["scale"]["points"]] == ["No", "Sometimes", "Yes"]
    result = score("checklist", dict.fromkeys(ids(d), 1))
    assert result["max"] == 20


def test_checklist_growth_area_carries_try_this_and_chapter_link():
    d = DEFS["checklist"]
    first = d["items"][0]
    result = score("checklist", {**dict.fromkeys(ids(d), 2), first["id"]: 0})
    [growth] = result["growth"]
    assert growth["try_this"] == first["try_this"]
    assert growth["chapter"] == first["chapter"]
    assert growth["answer"] == "No"
    assert result["levels"][first["id"]] == 0


def test_checklist_missing_answers_name_questions_by_number():
    d = DEFS["checklist"]
    keys = ids(d)
    with pytest.raises(QuizError) as info:
        score("checklist", {k: 1 for k in keys if k not in (keys[2], keys[6])})
    assert info.value.message.startswith("2 questions are not answered yet: 3 and 7.")


def test_checklist_edition_changes_with_the_questions():
    d = copy.deepcopy(DEFS["checklist"])
    before = checklist.edition(d)
    d["items"].reverse()
    assert checklist.edition(d) != before


def test_dependence_safety_note_points_to_get_help():
    d = DEFS["dependence"]
    control = [i["id"] for i in d["items"] if i["suggests_control"]]
    assert control, "the collection marks signs that can point to control"
    result = score("dependence", {**dict.fromkeys(ids(d), 0), control[-1]: 2})
    assert result["safety"]["url"].startswith("get-help")
    assert result["safety"]["signs"] == [control[-1]]
    assert "emergency" in result["safety"]["text"]


def test_dependence_noticed_lists_often_before_sometimes():
    d = DEFS["dependence"]
    keys = ids(d)
    result = score("dependence", {**dict.fromkeys(keys, 0), keys[0]: 1, keys[5]: 2})
    assert [n["id"] for n in result["noticed"]] == [keys[5], keys[0]]
    assert result["chapters"][0]["url"].startswith("guide/boundaries")


def test_drifting_groups_signs_by_kind_with_their_chapter():
    d = DEFS["drifting"]
    by_kind = {}
    for item in d["items"]:
        by_kind.setdefault(item["category"], []).append(item["id"])
    answers = {**dict.fromkeys(ids(d), 0), **dict.fromkeys(by_kind["mood"], 1)}
    result = score("drifting", answers)
    assert [c["category"] for c in result["categories"]] == ["mood"]
    assert result["categories"][0]["count"] == len(by_kind["mood"])
    assert all(n["try_this"] for n in result["noticed"])


@pytest.mark.parametrize("tool", ["checklist", "dependence", "drifting"])
def test_broken_definitions_are_refused(tool):
    module = {"checklist": checklist, "dependence": dependence, "drifting": drifting}[tool]
    for breakage in ("no-items", "bad-scale", "bands-not-down-to-zero", "wrong-kind"):
        d = copy.deepcopy(DEFS[tool])
        if breakage == "no-items":
            d["items"] = []
        elif breakage == "bad-scale":
            d["scale"]["points"][1]["value"] = 5
        elif breakage == "bands-not-down-to-zero":
            d["bands"][-1]["min"] = 1
        else:
            d["kind"] = "attachment"
        with pytest.raises(InvalidDefinition):
            module.check_definition(d)


@pytest.mark.parametrize("tool", ["checklist", "dependence", "drifting"])
def test_incomplete_requests_get_a_readable_error(tool):
    with pytest.raises(InvalidRequest) as info:
        api.call(f"{tool}.score", {"answers": {}})
    assert "incomplete" in info.value.message
    with pytest.raises(InvalidRequest):
        score(tool, ["not", "a", "mapping"])
