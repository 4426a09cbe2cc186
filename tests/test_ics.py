"""The calendar to take home: overrides/assets/js/ics.js and challenge-plan.js run under Node,
and the .ics file the challenge page downloads in Chromium, all parsed back by `icalendar`."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import icalendar
import pytest
from conftest import ROOT

from hooks.collections import load_collections

JS = ROOT / "overrides" / "assets" / "js"
NOW = "2026-11-25T20:00:05Z"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")


class NodeError(Exception):
    """A JS exception, as "Name: message"."""


def node(module: str, name: str, *args):
    """Call export `name` of overrides/assets/js/<module> under Node with JSON arguments."""
    done = subprocess.run(
        ["node", "tests/js/call.mjs", str(JS / module), name],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode:
        raise NodeError(done.stderr.strip())
    return json.loads(done.stdout)


def challenge_days() -> list[dict]:
    """The days as the page hands them to the generator, from the real collection."""
    days = load_collections(ROOT / "content" / "data")["challenge_days"]
    return [
        {"day": d.day, "title": d.title, "task": d.task, "timeNeeded": d.time_needed}
        for d in sorted(days, key=lambda d: d.day)
    ]


def calendar(start="2026-12-01", time="19:30", a="Sam", b="Riley", name=None) -> str:
    events = node(
        "challenge-plan.js",
        "challengeEvents",
        {
            "days": challenge_days(),
            "start": start,
            "time": time,
            "a": a,
            "b": b,
            "uid": "test-uid",
        },
    )
    return node(
        "ics.js",
        "buildCalendar",
        {
            "events": events,
            "now": NOW,
            "name": name if name is not None else f"{a} & {b}",
        },
    )


def events_of(text: str) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(text.encode("utf-8"))
    return list(cal.walk("VEVENT"))


def calname(cal: icalendar.Calendar) -> str:
    """X-WR-CALNAME as calendar apps read it. icalendar leaves X- properties escaped,
    so undo RFC 5545 TEXT escaping here (one pass, left to right)."""
    table = {"\\\\": "\\", "\\,": ",", "\\;": ";", "\\n": "\n", "\\N": "\n"}
    return re.sub(r"\\[\\,;nN]", lambda m: table[m[0]], str(cal["X-WR-CALNAME"]))


def physical_lines(text: str) -> list[bytes]:
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


# ---------------------------------------------------------------- the whole file


def test_seven_events_on_consecutive_days_at_the_chosen_time():
    text = calendar(start="2026-12-01", time="19:30")
    cal = icalendar.Calendar.from_ical(text.encode())
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Tend//7-day challenge//EN"
    events = events_of(text)
    days = challenge_days()
    assert len(events) == 7
    starts = [ev.decoded("DTSTART") for ev in events]
    assert starts == [dt.datetime(2026, 12, d, 19, 30) for d in range(1, 8)]
    assert all(s.tzinfo is None for s in starts)  # floating: 19:30 wherever the calendar is
    assert [str(ev["SUMMARY"]) for ev in events] == [f"Day {d['day']}: {d['title']}" for d in days]
    for ev, day in zip(events, days, strict=True):
        assert day["task"] in str(ev["DESCRIPTION"])
        assert ev.decoded("DTSTAMP") == dt.datetime(2026, 11, 25, 20, 0, 5, tzinfo=dt.UTC)
        assert ev.decoded("DURATION") > dt.timedelta(0)
        (alarm,) = ev.walk("VALARM")
        assert alarm.decoded("TRIGGER") == -dt.timedelta(minutes=15)
    assert len({str(ev["UID"]) for ev in events}) == 7


def test_dates_roll_over_month_year_and_leap_day():
    leap = [ev.decoded("DTSTART").date() for ev in events_of(calendar(start="2028-02-26"))]
    assert leap == [dt.date(2028, 2, 26) + dt.timedelta(days=i) for i in range(7)]
    assert dt.date(2028, 2, 29) in leap
    new_year = [ev.decoded("DTSTART").date() for ev in events_of(calendar(start="2026-12-29"))]
    assert new_year[-1] == dt.date(2027, 1, 4)


def test_time_stays_put_across_a_daylight_saving_change():
    # Clocks change in Europe on 29 March 2026 and in the US on 8 March 2026.
    for start in ("2026-03-26", "2026-03-05"):
        times = {
            ev.decoded("DTSTART").time() for ev in events_of(calendar(start=start, time="07:05"))
        }
        assert times == {dt.time(7, 5)}


def test_every_line_ends_in_crlf_and_is_at_most_75_octets():
    text = calendar(a="Zoë-Åsa Øvergård-Ñúñez 😊" * 2, b="Kōtarō Ōhashi 🌱🌱🌱")
    assert "\n" not in text.replace("\r\n", "")
    for line in physical_lines(text):
        assert len(line) <= 75, line
        line.decode("utf-8")  # each folded piece is whole UTF-8: no character was split


def test_names_with_commas_semicolons_newlines_and_backslashes_survive():
    a, b = 'Ana, María; "Jo"', "Li\nWei \\ Chen"
    text = calendar(a=a, b=b, name=f"{a} & {b}: our week")
    assert "Ana\\, María\\; " in text and "Li\\nWei \\\\ Chen" in text.replace("\r\n ", "")
    cal = icalendar.Calendar.from_ical(text.encode())
    assert calname(cal) == f"{a} & {b}: our week"
    (first, *_) = events_of(text)
    assert str(first["DESCRIPTION"]).startswith(
        f"{a} & {b}: day 1 of 7 of your connection challenge.\n\n"
    )


def test_without_names_the_events_still_read_well():
    (first, *_) = events_of(calendar(a="", b="", name=""))
    assert str(first["DESCRIPTION"]).startswith("Day 1 of 7 of your connection challenge.")


def test_bad_start_or_time_is_refused_with_a_clear_message():
    days = challenge_days()
    with pytest.raises(NodeError, match="RangeError: not a time: 25:00"):
        node(
            "challenge-plan.js",
            "challengeEvents",
            {"days": days, "start": "2026-12-01", "time": "25:00"},
        )
    with pytest.raises(NodeError, match="RangeError: not a date: 2026-02-30"):
        node(
            "challenge-plan.js",
            "challengeEvents",
            {"days": days, "start": "2026-02-30", "time": "19:00"},
        )


# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("one\ntwo", "one\\ntwo"),
        ("one\r\ntwo", "one\\ntwo"),
        ("plain: text", "plain: text"),
    ],
)
def test_text_escaping(raw, escaped):
    assert node("ics.js", "escapeText", raw) == escaped


def test_folding_splits_at_75_octets_and_unfolds_to_the_original():
    line = "DESCRIPTION:" + "abcdefghij" * 20
    folded = node("ics.js", "foldLine", line)
    pieces = folded.split("\r\n")
    assert [len(p.encode()) for p in pieces] == [
        75,
        75,
        64,
    ]  # 212 octets: 75, then 74 + the leading space
    assert all(p.startswith(" ") for p in pieces[1:])
    assert re.sub(r"\r\n ", "", folded) == line
    assert node("ics.js", "foldLine", "SUMMARY:short") == "SUMMARY:short"


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é🌱" * 40
    for piece in node("ics.js", "foldLine", line).split("\r\n"):
        assert len(piece.encode()) <= 75
        piece.encode("utf-8").decode("utf-8")
    assert node("ics.js", "foldLine", line).replace("\r\n ", "") == line


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("10 minutes", 10),
        ("20 to 30 minutes", 30),
        ("About 30 minutes", 30),
        ("One meal, about 45 minutes", 45),
        ("1 hour", 60),
        ("15 minutes or more", 15),
        ("An evening", 30),
    ],
)
def test_event_length_from_time_needed(text, minutes):
    assert node("challenge-plan.js", "minutesFrom", text) == minutes


def test_plan_state_round_trips_through_the_fragment():
    state = {"a": "Ana & Jo=1 #2 %", "b": "Zoë", "start": "2026-12-01", "time": "07:45"}
    fragment = node("challenge-plan.js", "writeState", state)
    assert fragment.startswith("#") and " " not in fragment
    assert node("challenge-plan.js", "readState", fragment) == state
    assert node("challenge-plan.js", "readState", "#how-to-start") is None
    assert (
        node("challenge-plan.js", "writeState", {"a": "", "b": "", "start": "", "time": ""}) == ""
    )


def test_dates_for_the_sheet():
    assert node("challenge-plan.js", "planDates", "2026-12-29") == [
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
        "2027-01-04",
    ]
    assert node("challenge-plan.js", "formatShort", "2026-12-01") == "Tue 1 Dec"
    assert node("challenge-plan.js", "formatLong", "2027-01-04") == "Monday 4 January 2027"
    assert node("challenge-plan.js", "parseDate", "2026-02-30") is None


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_the_browser_builds_the_same_file_as_node(page):
    page.goto("tools/challenge/")
    args = {
        "events": node(
            "challenge-plan.js",
            "challengeEvents",
            {
                "days": challenge_days(),
                "start": "2026-12-01",
                "time": "19:30",
                "a": "Ana, María",
                "b": "Li; Wei",
            },
        ),
        "now": NOW,
        "name": "Ana, María & Li; Wei",
    }
    in_browser = page.evaluate(
        "async (args) => (await import(new URL('../../assets/js/ics.js', location.href)))"
        ".buildCalendar(args)",
        args,
    )
    assert in_browser == node("ics.js", "buildCalendar", args)


@pytest.mark.browser
def test_downloaded_calendar_imports_with_the_names_dates_and_time(page, tmp_path):
    page.goto("tools/challenge/")
    page.get_by_label("Your name").fill("Ana, María")
    page.get_by_label("Your partner's name").fill("Li; Wei")
    page.get_by_label("First day").fill("2027-02-25")
    page.get_by_label("Reminder time").fill("07:45")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == "tend-7-day-challenge.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    assert calname(cal) == "Ana, María & Li; Wei: 7-day connection challenge"
    events = list(cal.walk("VEVENT"))
    assert [ev.decoded("DTSTART") for ev in events] == [
        dt.datetime(2027, 2, 25, 7, 45) + dt.timedelta(days=i) for i in range(7)
    ]
    assert [str(ev["SUMMARY"]) for ev in events] == [
        f"Day {d['day']}: {d['title']}" for d in challenge_days()
    ]
    assert str(events[0]["DESCRIPTION"]).startswith("Ana, María & Li; Wei: day 1 of 7")
    assert all(len(line) <= 75 for line in data[:-2].split(b"\r\n"))
    assert page.get_by_role("status").inner_text().startswith("Calendar file ready")
    assert page.errors == []


@pytest.mark.browser
def test_download_without_a_first_day_asks_for_one(page):
    page.goto("tools/challenge/")
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.get_by_role("button", name="Download the calendar (.ics)").click()
    assert "Choose a first day" in page.get_by_role("status").inner_text()
    assert page.evaluate("document.activeElement.id") == "challenge-start"
    assert downloads == []
