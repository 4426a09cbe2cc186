"""Share codes for partner comparison: round trips, and every kind of damage refused."""

from __future__ import annotations

import base64
import copy
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tools_vectors import ids, load_definitions

from quizzes import api, sharecode
from quizzes.errors import InvalidRequest
from quizzes.sharecode import (
    DamagedCode,
    EmptyCode,
    ForeignCode,
    OtherEdition,
    ShareCodeError,
    TruncatedCode,
    WrongTool,
    WrongVersion,
)

CHECKLIST = load_definitions()["checklist"]
KEYS = ids(CHECKLIST)
ALPHABET = string.ascii_letters + string.digits + "-_"

levels_st = st.lists(st.integers(0, 2), min_size=len(KEYS), max_size=len(KEYS)).map(
    lambda vs: dict(zip(KEYS, vs, strict=True))
)
scores_st = st.tuples(st.integers(100, 700), st.integers(100, 700)).map(
    lambda t: {"anxiety": t[0] / 100, "avoidance": t[1] / 100}
)


def checklist_code(levels):
    return api.call(
        "share.encode", {"tool": "checklist", "result": {"levels": levels}, "definition": CHECKLIST}
    )["code"]


def attachment_code(scores):
    return api.call("share.encode", {"tool": "attachment", "result": {"scores": scores}})["code"]


def decode(code, tool="checklist"):
    return api.call("share.decode", {"code": code, "tool": tool, "definition": CHECKLIST})


codes_st = st.one_of(levels_st.map(checklist_code), scores_st.map(attachment_code))


@given(levels_st)
def test_checklist_round_trip(levels):
    code = checklist_code(levels)
    assert decode(code) == {"tool": "checklist", "levels": levels}


@given(scores_st)
def test_attachment_round_trip(scores):
    assert decode(attachment_code(scores), "attachment") == {"tool": "attachment", "scores": scores}


def test_attachment_scores_round_to_hundredths():
    code = attachment_code({"anxiety": 3.4166, "avoidance": 5.0})
    assert decode(code, "attachment")["scores"] == {"anxiety": 3.42, "avoidance": 5.0}


@given(codes_st)
def test_codes_are_short_url_safe_and_hold_no_text(code):
    assert code.startswith("tend1.")
    assert len(code) <= 24
    assert set(code[6:]) <= set(ALPHABET)


def tool_of(code):
    return "checklist" if base64.urlsafe_b64decode(code[6:8] + "==")[0] == 1 else "attachment"


@given(codes_st, st.data())
def test_every_cut_off_code_is_refused_as_too_short(code, data):
    cut = data.draw(st.integers(1, len(code) - 1))
    with pytest.raises(TruncatedCode) as info:
        decode(code[:cut], tool_of(code))
    assert "too short" in info.value.message


@given(codes_st, st.data())
def test_every_changed_character_is_refused(code, data):
    i = data.draw(st.integers(6, len(code) - 1))
    other = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != code[i]))
    with pytest.raises(ShareCodeError):
        decode(code[:i] + other + code[i + 1 :], tool_of(code))


@given(codes_st, st.text(ALPHABET, min_size=1, max_size=4))
def test_extra_characters_are_refused(code, extra):
    with pytest.raises(DamagedCode):
        decode(code + extra, tool_of(code))


@given(st.text(max_size=40))
def test_any_text_is_refused_or_read_never_crashes(text):
    try:
        result = decode(text)
    except ShareCodeError as exc:
        assert exc.message and exc.message.endswith(".")
    else:
        assert set(result["levels"]) == set(KEYS)


@settings(max_examples=50)
@given(codes_st)
def test_swapping_two_characters_is_refused(code):
    body = code[6:]
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            with pytest.raises(ShareCodeError):
                decode("tend1." + swapped, tool_of(code))


def test_each_damage_gets_its_own_message():
    code = checklist_code(dict.fromkeys(KEYS, 1))
    flipped = code[:-3] + ("A" if code[-3] != "A" else "B") + code[-2:]
    cases = {
        EmptyCode: "",
        ForeignCode: "https://example.org/?q=hello",
        WrongVersion: "tend2." + code[6:],
        TruncatedCode: code[:-4],
        DamagedCode: flipped,
        WrongTool: attachment_code({"anxiety": 2.0, "avoidance": 3.0}),
    }
    messages = set()
    for error, text in cases.items():
        with pytest.raises(error) as info:
            decode(text)
        messages.add(info.value.message)
        assert info.value.to_dict()["type"] == error.kind
    assert len(messages) == len(cases)


def test_old_and_new_versions_are_told_apart():
    with pytest.raises(WrongVersion, match="newer version"):
        decode("tend9.AAAA")
    with pytest.raises(WrongVersion, match="older version"):
        decode("tend0.AAAA")


def test_a_code_for_other_checklist_questions_is_refused():
    code = checklist_code(dict.fromkeys(KEYS, 2))
    other = copy.deepcopy(CHECKLIST)
    other["items"][0]["id"] = "renamed"
    with pytest.raises(OtherEdition, match="different set of checklist questions"):
        api.call("share.decode", {"code": code, "tool": "checklist", "definition": other})


def test_a_forged_code_with_a_valid_checksum_but_impossible_values_is_refused():
    payload = sharecode._edition(CHECKLIST) + b"\xff\xff\xff"
    body = bytes([1]) + payload + sharecode._checksum(1, payload)
    forged = "tend1." + base64.urlsafe_b64encode(body).decode().rstrip("=")
    with pytest.raises(DamagedCode, match="no checklist can give"):
        decode(forged)
    payload = (50).to_bytes(2, "big") + (300).to_bytes(2, "big")
    body = bytes([2]) + payload + sharecode._checksum(2, payload)
    forged = "tend1." + base64.urlsafe_b64encode(body).decode().rstrip("=")
    with pytest.raises(DamagedCode, match="no self-check can give"):
        decode(forged, "attachment")


def test_markup_in_a_code_is_refused_as_foreign():
    with pytest.raises(ForeignCode):
        decode('tend1.<img src=x onerror="alert(1)">')


def test_only_results_of_shareable_tools_are_encoded():
    with pytest.raises(InvalidRequest):
        api.call("share.encode", {"tool": "dependence", "result": {"score": 3}})
    with pytest.raises(InvalidRequest):
        api.call(
            "share.encode",
            {"tool": "checklist", "result": {"levels": {KEYS[0]: 5}}, "definition": CHECKLIST},
        )
