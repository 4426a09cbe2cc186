"""The engine's memory snapshot as it travels: only the non-zero parts, gzipped.

A Pyodide snapshot is the interpreter's whole memory (about 31 MB), and most of it is
zeros. Leaving the zero pages out means the visitor's worker inflates about 12 MB
instead of 31, on any host (no Content-Encoding is needed). The reader is
`overrides/assets/js/snapshot-pack.js`; this module writes the format and also reads it
back, for tests.

Layout, before gzip (little-endian u32s):
    MAGIC, total size, number of ranges, (offset, length) per range, then the bytes of
    every range, in order. Everything outside the ranges is zero.
"""

from __future__ import annotations

import gzip
import struct

MAGIC = b"TENDSNP1"
PAGE = 4096  # zero runs shorter than this stay in: fewer, longer ranges


class SnapshotFormatError(ValueError):
    """The bytes are not a packed snapshot (wrong magic, truncated, ranges out of bounds)."""


def nonzero_ranges(memory: bytes, page: int = PAGE) -> list[tuple[int, int]]:
    """(offset, length) of every run of pages that holds a non-zero byte."""
    zero = bytes(page)
    ranges: list[list[int]] = []
    for offset in range(0, len(memory), page):
        chunk = memory[offset:offset + page]
        if chunk == zero[:len(chunk)]:
            continue
        if ranges and ranges[-1][0] + ranges[-1][1] == offset:
            ranges[-1][1] += len(chunk)
        else:
            ranges.append([offset, len(chunk)])
    return [(o, n) for o, n in ranges]


def pack(memory: bytes) -> bytes:
    """The gzipped packed form of `memory` (fixed timestamp: same input, same file)."""
    ranges = nonzero_ranges(memory)
    head = MAGIC + struct.pack("<II", len(memory), len(ranges))
    head += b"".join(struct.pack("<II", o, n) for o, n in ranges)
    body = b"".join(memory[o:o + n] for o, n in ranges)
    return gzip.compress(head + body, compresslevel=9, mtime=0)


def unpack(packed: bytes) -> bytes:
    """The memory a packed snapshot describes (what the browser's reader rebuilds)."""
    try:
        data = gzip.decompress(packed)
    except (OSError, EOFError) as exc:
        raise SnapshotFormatError(f"not gzip data: {exc}") from None
    if data[:8] != MAGIC:
        raise SnapshotFormatError("not a packed snapshot (wrong magic)")
    if len(data) < 16:
        raise SnapshotFormatError("truncated header")
    total, count = struct.unpack_from("<II", data, 8)
    at = 16 + 8 * count
    if len(data) < at:
        raise SnapshotFormatError("truncated range table")
    memory = bytearray(total)
    for i in range(count):
        offset, length = struct.unpack_from("<II", data, 16 + 8 * i)
        if offset + length > total or at + length > len(data):
            raise SnapshotFormatError(f"range {i} runs past the end")
        memory[offset:offset + length] = data[at:at + length]
        at += length
    if at != len(data):
        raise SnapshotFormatError("trailing bytes after the last range")
    return bytes(memory)
