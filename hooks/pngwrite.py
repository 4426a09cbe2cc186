"""Minimal PNG writing and drawing, standard library only (zlib): the site's icons and
social preview image are made at build time, with no network and no image library."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

RGB = tuple[int, int, int]


def png_bytes(width: int, height: int, rows: list[bytes]) -> bytes:
    """Encode RGB rows (3 bytes a pixel) as a PNG file."""
    if len(rows) != height or any(len(r) != width * 3 for r in rows):
        raise ValueError("rows do not match the image size")

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend colour a towards b by t (0..1)."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def in_heart(x: float, y: float) -> bool:
    """The classic heart curve (x²+y²−1)³ − x²y³ ≤ 0, y up, about 2.3 × 2.3 units."""
    q = x * x + y * y - 1
    return q * q * q - x * x * y * y * y <= 0


def draw(width: int, height: int, paint: Callable[[float, float], float], fg: RGB, bg: RGB,
         box: tuple[int, int, int, int] | None = None, samples: int = 3) -> list[bytes]:
    """Rows of an image where `paint(px, py)` says how much of fg covers each point,
    supersampled `samples`² times a pixel for smooth edges. Only pixels inside `box`
    (x0, y0, x1, y1) are painted; the rest is plain background, which keeps it fast."""
    x0, y0, x1, y1 = box or (0, 0, width, height)
    plain = bytes(bg) * width
    step = 1 / samples
    rows = []
    for py in range(height):
        if not y0 <= py < y1:
            rows.append(plain)
            continue
        row = bytearray(plain)
        for px in range(max(0, x0), min(width, x1)):
            cover = 0.0
            for sy in range(samples):
                for sx in range(samples):
                    cover += paint(px + (sx + 0.5) * step, py + (sy + 0.5) * step)
            if cover:
                row[px * 3: px * 3 + 3] = bytes(mix(bg, fg, cover / (samples * samples)))
        rows.append(bytes(row))
    return rows


def heart_painter(cx: float, cy: float, size: float) -> Callable[[float, float], float]:
    """A painter for a heart centred at (cx, cy), `size` pixels wide."""
    scale = 2.5 / size

    def paint(px: float, py: float) -> float:
        return 1.0 if in_heart((px - cx) * scale, (cy - py) * scale + 0.15) else 0.0

    return paint
