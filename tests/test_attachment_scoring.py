"""Scoring of the attachment self-check on CPython: keys, quadrants, margin, bad input."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from attachment_vectors import flat, load_definition, raw, vectors
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes import api, attachment
from quizzes.errors import InvalidDefinition, QuizError, UnknownOperation

DEFINITION = load_definition()
ITEMS = DEFINITION["items"]
IDS = [i["id"] for i in ITEMS]
CASES = vectors(DEFINITION)


def score(answers):
    return api.call("attachment.score", {"definition": DEFINITION, "answers": answers})


def test_definition_has_enough_balanced_items():
    for dim in ("anxiety", "avoidance"):
        mine = [i for i in ITEMS if i["dimension"] == dim]
        assert len(mine) >= 12
        assert sum(i["reverse"] for i in mine) == len(mine) // 2
    assert [p["label"] for p in DEFINITION["scale"]["points"]][0] == "Strongly disagree"
    assert [p["value"] for p in DEFINITION["scale"]["points"]] == list(range(1, 8))


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_each_item_moves_its_own_dimension_the_keyed_way(item):
    base = flat(DEFINITION, 4, 4)
    strongly_agree = {**base, item["id"]: 7}
    before, after = score(base)["scores"], score(strongly_agree)["scores"]
    n = sum(1 for i in ITEMS if i["dimension"] == item["dimension"])
    # base gives every item keyed 4: a forward item answered 7 adds 3/n; a reversed item
    # was answered 4 too (8 - 4), and answering 7 makes it count 1, i.e. -3/n
    step = Fraction(3, n) if not item["reverse"] else Fraction(-3, n)
    dim = item["dimension"]
    other = "avoidance" if dim == "anxiety" else "anxiety"
    assert after[dim] == round(float(4 + step), 2)
    assert after[other] == before[other] == 4


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector(case):
    if "error" in case:
        with pytest.raises(QuizError) as info:
            score(case["answers"])
        assert info.value.kind == case["error"]
        assert info.value.items == case["items"]
        assert info.value.message[0].isupper() and info.value.message.endswith(".")
    else:
        result = score(case["answers"])
        assert result["pattern"]["id"] == case["pattern"]
        assert result["close_to_middle"] is case["close_to_middle"]
        assert result["near"] == case["near"]
        assert result["scores"] == case["scores"]


def test_missing_answers_are_named_by_their_number_on_the_page():
    answers = {i: 4 for i in IDS if i not in (IDS[0], IDS[9], IDS[20])}
    with pytest.raises(QuizError) as info:
        score(answers)
    assert info.value.message.startswith("Statements 1, 10 and 21 are not answered yet.")
    del answers[IDS[1]]
    answers.update({IDS[0]: 2, IDS[9]: 2, IDS[20]: 2})
    with pytest.raises(QuizError, match=r"^Statement 2 is not answered yet\."):
        score(answers)


def test_out_of_range_names_the_statement_and_the_scale():
    with pytest.raises(QuizError, match="statement 5 is not one of the choices from 1 to 7"):
        score({**{i: 4 for i in IDS}, IDS[4]: 9})


@pytest.mark.parametrize("pattern", ["secure", "anxious", "avoidant", "fearful-avoidant"])
def test_result_carries_everything_the_page_shows(pattern):
    levels = {"secure": (2, 2), "anxious": (6, 2), "avoidant": (2, 6), "fearful-avoidant": (6, 6)}
    result = score(flat(DEFINITION, *levels[pattern]))
    assert result["pattern"]["id"] == pattern
    assert result["pattern"]["what_helps"] and result["pattern"]["chapters"]
    assert all(c["url"].startswith("guide/") for c in result["pattern"]["chapters"])
    assert "not a diagnosis" in result["not_a_diagnosis"]
    assert result["get_help"]["url"] == "get-help/"
    assert [d["id"] for d in result["dimensions"]] == ["anxiety", "avoidance"]
    assert all(d["meaning"] and d["reading"] for d in result["dimensions"])
    assert result["middle"] is None and result["neighbours"] == []
    json.dumps(result)  # plain JSON, nothing else crosses to the page


def test_close_to_the_middle_names_the_neighbouring_patterns():
    one = score(vectors(DEFINITION)[9]["answers"])  # anxiety 4.5, avoidance 2
    assert one["pattern"]["id"] == "anxious"
    assert [n["id"] for n in one["neighbours"]] == ["secure"]
    assert one["middle"]
    centre = score(flat(DEFINITION, 4, 4))
    assert sorted(n["id"] for n in centre["neighbours"]) == ["anxious", "avoidant", "fearful-avoidant"]


def test_unknown_operation():
    with pytest.raises(UnknownOperation, match="no operation 'nope'"):
        api.call("nope", {})


def test_call_json_turns_errors_into_data():
    out = json.loads(api.call_json("attachment.score", json.dumps({"definition": DEFINITION, "answers": {}})))
    assert out["ok"] is False and out["error"]["type"] == "missing-answers"
    assert out["error"]["items"] == IDS
    out = json.loads(api.call_json("attachment.score", "{not json"))
    assert out["ok"] is False and out["error"]["type"] == "internal"
    assert "answers are still here" in out["error"]["message"]
    good = json.dumps({"definition": DEFINITION, "answers": flat(DEFINITION, 6, 6)})
    out = json.loads(api.call_json("attachment.score", good))
    assert out["ok"] is True and out["result"]["pattern"]["id"] == "fearful-avoidant"


def test_incomplete_request():
    with pytest.raises(QuizError, match="request was incomplete"):
        api.call("attachment.score", {"answers": {}})


def _broken(mutate):
    d = copy.deepcopy(DEFINITION)
    mutate(d)
    return d


BROKEN = {
    "no items": lambda d: d.update(items=[]),
    "item without dimension": lambda d: d["items"][0].pop("dimension"),
    "item with unknown dimension": lambda d: d["items"][0].update(dimension="mood"),
    "reverse not a bool": lambda d: d["items"][0].update(reverse="yes"),
    "duplicate item id": lambda d: d["items"][1].update(id=d["items"][0]["id"]),
    "scale with a gap": lambda d: d["scale"]["points"].pop(3),
    "unlabelled point": lambda d: d["scale"]["points"][2].update(label=" "),
    "midpoint off centre": lambda d: d["scoring"].update(midpoint=3),
    "margin too wide": lambda d: d["scoring"].update(margin=3),
    "margin zero": lambda d: d["scoring"].update(margin=0),
    "three patterns": lambda d: d["patterns"].pop(),
    "two patterns in one quadrant": lambda d: d["patterns"][1].update(anxiety="lower"),
    "pattern with bad level": lambda d: d["patterns"][0].update(avoidance="medium"),
    "no get-help link": lambda d: d["texts"].pop("get_help_url"),
    "third dimension": lambda d: d["dimensions"].append({**d["dimensions"][0], "id": "mood"}),
    "not an object": lambda d: d.clear(),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_definition_is_refused(name):
    with pytest.raises(InvalidDefinition) as info:
        attachment.score(_broken(BROKEN[name]), flat(DEFINITION, 4, 4))
    assert info.value.kind == "invalid-definition"
    assert info.value.message.startswith("definition")


answer_values = st.integers(min_value=1, max_value=7)
any_answers = st.fixed_dictionaries({i: answer_values for i in IDS})


@settings(deadline=None)
@given(value=answer_values)
def test_answering_everything_the_same_lands_close_to_the_middle(value):
    result = score({i: value for i in IDS})
    assert result["close_to_middle"] is True
    assert result["scores"] == {"anxiety": 4.0, "avoidance": 4.0}


@settings(max_examples=150, deadline=None)
@given(answers=any_answers, index=st.integers(0, len(ITEMS) - 1))
def test_more_agreement_with_a_worry_never_lowers_anxiety(answers, index):
    item = ITEMS[index]
    if item["dimension"] != "anxiety":
        return
    keyed = raw(item, answers[item["id"]])  # raw() is its own inverse
    if keyed == 7:
        return
    before = score(answers)["scores"]
    after = score({**answers, item["id"]: raw(item, keyed + 1)})["scores"]
    assert after["anxiety"] > before["anxiety"]
    assert after["avoidance"] == before["avoidance"]


@settings(max_examples=150, deadline=None)
@given(answers=any_answers)
def test_result_is_consistent_with_its_scores(answers):
    result = score(answers)
    for dim in result["dimensions"]:
        assert 1 <= dim["score"] <= 7
        assert dim["level"] == ("higher" if dim["score"] > 4 else "lower")
        assert dim["near"] is (abs(dim["score"] - 4) <= 0.5 + 1e-9)
    assert result["pattern"]["anxiety"] == result["dimensions"][0]["level"]
    assert result["pattern"]["avoidance"] == result["dimensions"][1]["level"]
    assert result["close_to_middle"] is bool(result["near"])
    json.dumps(result)


@settings(max_examples=100, deadline=None)
@given(answers=any_answers, missing=st.sets(st.sampled_from(IDS), min_size=1))
def test_any_unanswered_statements_are_all_reported_in_order(answers, missing):
    with pytest.raises(QuizError) as info:
        score({k: v for k, v in answers.items() if k not in missing})
    assert info.value.kind == "missing-answers"
    assert info.value.items == [i for i in IDS if i in missing]
