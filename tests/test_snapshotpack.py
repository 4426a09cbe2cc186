"""The packed form of the engine's memory snapshot (hooks/snapshotpack.py): what goes
in comes back out, zero pages are left out, and damage is named, not guessed around.
The browser's reader (assets/js/snapshot-pack.js) reads the same files in
test_engine_node.py and test_attachment_browser.py."""

from __future__ import annotations

import gzip
import json
import shutil
import struct
import subprocess

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from hooks.snapshotpack import MAGIC, PAGE, SnapshotFormatError, nonzero_ranges, pack, unpack

READER = ROOT / "overrides" / "assets" / "js" / "snapshot-pack.js"


def memory_with(*parts: tuple[int, bytes], size: int = 16 * PAGE) -> bytes:
    memory = bytearray(size)
    for offset, data in parts:
        memory[offset:offset + len(data)] = data
    return bytes(memory)


def test_zero_pages_are_left_out_and_neighbours_merge():
    memory = memory_with((0, b"a"), (PAGE + 5, b"b"), (5 * PAGE, b"c" * (PAGE + 1)))
    assert nonzero_ranges(memory) == [(0, 2 * PAGE), (5 * PAGE, 2 * PAGE)]
    assert unpack(pack(memory)) == memory


def test_all_zero_memory_packs_to_almost_nothing():
    memory = bytes(1 << 20)
    packed = pack(memory)
    assert len(packed) < 2000
    assert unpack(packed) == memory


def test_the_same_memory_gives_the_same_file():
    memory = memory_with((3 * PAGE, b"tend"))
    assert pack(memory) == pack(memory)


@given(st.lists(st.tuples(st.integers(0, 40_000), st.binary(min_size=1, max_size=300)), max_size=8),
       st.integers(0, 3000))
def test_any_memory_round_trips(parts, tail):
    size = 41_000 + tail  # not a whole number of pages
    assert unpack(pack(memory_with(*parts, size=size))) == memory_with(*parts, size=size)


def raw(total: int, ranges: list[tuple[int, int]], body: bytes, magic: bytes = MAGIC) -> bytes:
    head = magic + struct.pack("<II", total, len(ranges))
    return gzip.compress(head + b"".join(struct.pack("<II", *r) for r in ranges) + body)


@pytest.mark.parametrize(("packed", "says"), [
    (b"plainly not gzip", "not gzip"),
    (gzip.compress(b"hello"), "wrong magic"),
    (raw(100, [(0, 10)], b"x" * 10, magic=b"TENDSNP0"), "wrong magic"),
    (gzip.compress(MAGIC + b"\x01"), "truncated header"),
    (gzip.compress(MAGIC + struct.pack("<II", 100, 3)), "range table"),
    (raw(100, [(95, 10)], b"x" * 10), "range 0 runs past the end"),
    (raw(100, [(0, 10)], b"x" * 5), "range 0 runs past the end"),
    (raw(100, [(0, 10)], b"x" * 11), "trailing bytes"),
])
def test_damage_is_named(packed, says):
    with pytest.raises(SnapshotFormatError, match=says):
        unpack(packed)


# --- The reader's rule for a slow link (snapshot-pack.js `onCourse`, under Node) ----------

def on_course(received: int, total: int, elapsed_ms: float, budget_ms: float = 2000) -> bool:
    done = subprocess.run(["node", "tests/js/call.mjs", str(READER), "onCourse"],
                          input=json.dumps([received, total, elapsed_ms, budget_ms]),
                          capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout)


MB = 1024 * 1024


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")
@pytest.mark.parametrize(("received", "total", "elapsed", "expected"), [
    (1 * MB, 5 * MB, 100, True),      # arriving in 0.5 s: wait for it
    (1 * MB, 5 * MB, 1000, False),    # would take 5 s: not worth it
    (2 * MB, 5 * MB, 800, True),      # exactly on budget
    (100_000, 5 * MB, 1500, True),    # too little seen yet to judge
    (5 * MB, 5 * MB, 9000, True),     # already here, however long it took
])
def test_a_snapshot_is_given_up_only_when_it_cannot_arrive_in_time(received, total, elapsed, expected):
    assert on_course(received, total, elapsed) is expected
