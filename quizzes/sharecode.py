"""Share codes: a self-check result in a short text a partner can open, with no server.

A code travels in the URL fragment (`#partner=tend1.AbC...`), which browsers never send
to a server. It holds results only, never free text:

- attachment self-check: the two dimension scores (anxiety, avoidance), to 0.01. Not the
  statement-by-statement answers, which would say more than the result does.
- connection checklist: the level (no / sometimes / yes) of each of the ten areas. For
  this tool the per-area level *is* the result: every question is its own area, the score
  is only their sum, and "where you differ" cannot be shown without it. The checklist's
  edition (a fingerprint of its question ids) travels along, so codes made against other
  questions are refused rather than matched to the wrong ones.

The over-dependence and drifting-apart checks have no share codes on purpose: their
answers can touch control and coercion, which a partner should not be handed.

Layout of version 1: `tend1.` + unpadded URL-safe base64 of
`tool byte | payload | first 4 bytes of SHA-256("tend" + version + tool byte + payload)`.
Decoding tells apart a foreign text, another version, a cut-off code, a damaged or
altered one, a code for another tool and one for another edition of the checklist,
each with a message a visitor can act on.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from .errors import InvalidRequest, QuizError

PREFIX = "tend"
VERSION = 1
TOOLS = {"checklist": 1, "attachment": 2}
TOOL_NAMES = {"checklist": "the connection checklist", "attachment": "the attachment self-check"}
CHECKSUM = 4
ATTACHMENT_RANGE = (100, 700)  # scores 1.00 to 7.00, in hundredths
_CODE = re.compile(r"^([A-Za-z]+)(\d+)\.([A-Za-z0-9_-]*)$")
_ASK_AGAIN = "Ask your partner to copy the link again and send it whole."


class ShareCodeError(QuizError):
    """A partner code that cannot be used; `kind` says why, for the page and the tests."""

    kind = "share-code"


class EmptyCode(ShareCodeError):
    kind = "share-code-empty"


class ForeignCode(ShareCodeError):
    kind = "share-code-foreign"


class WrongVersion(ShareCodeError):
    kind = "share-code-version"


class TruncatedCode(ShareCodeError):
    kind = "share-code-truncated"


class DamagedCode(ShareCodeError):
    kind = "share-code-damaged"


class WrongTool(ShareCodeError):
    kind = "share-code-tool"


class OtherEdition(ShareCodeError):
    kind = "share-code-edition"


def _checksum(tool_byte: int, payload: bytes) -> bytes:
    data = PREFIX.encode() + bytes([VERSION, tool_byte]) + payload
    return hashlib.sha256(data).digest()[:CHECKSUM]


def _ids(definition: Mapping) -> list[str]:
    try:
        return [item["id"] for item in definition["items"]]
    except (KeyError, TypeError):
        raise InvalidRequest(
            "The checklist's questions could not be read. Please reload the page."
        ) from None


def _edition(definition: Mapping) -> bytes:
    return hashlib.sha256(",".join(_ids(definition)).encode()).digest()[:2]


def _pack_levels(levels: list[int]) -> bytes:
    """Two bits per level, first level in the highest bits of the first byte."""
    bits = 0
    for level in levels:
        bits = bits << 2 | level
    size = (2 * len(levels) + 7) // 8
    bits <<= size * 8 - 2 * len(levels)
    return bits.to_bytes(size, "big")


def _unpack_levels(data: bytes, count: int) -> list[int]:
    bits = int.from_bytes(data, "big") >> (len(data) * 8 - 2 * count)
    return [(bits >> 2 * (count - 1 - i)) & 3 for i in range(count)]


def _payload_size(tool: str, definition: Mapping | None) -> int:
    if tool == "attachment":
        return 4
    return 2 + (2 * len(_ids(definition or {})) + 7) // 8


def encode(tool: str, result: Mapping, definition: Mapping | None = None) -> str:
    """The share code of `result` (a scorer's output) for `tool`."""
    if tool not in TOOLS:
        raise InvalidRequest(f"Results of {tool!r} cannot be shared.")
    if not isinstance(result, Mapping):
        raise InvalidRequest("There is no result to share yet.")
    try:
        if tool == "attachment":
            values = [round(float(result["scores"][d]) * 100) for d in ("anxiety", "avoidance")]
            if not all(ATTACHMENT_RANGE[0] <= v <= ATTACHMENT_RANGE[1] for v in values):
                raise ValueError
            payload = b"".join(v.to_bytes(2, "big") for v in values)
        else:
            levels = [result["levels"][i] for i in _ids(definition or {})]
            if not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 2 for v in levels
            ):
                raise ValueError
            payload = _edition(definition) + _pack_levels(levels)
    except (KeyError, TypeError, ValueError):
        raise InvalidRequest(
            "This result cannot be turned into a share code. Please score again."
        ) from None
    body = bytes([TOOLS[tool]]) + payload
    text = base64.urlsafe_b64encode(body + _checksum(TOOLS[tool], payload)).decode().rstrip("=")
    return f"{PREFIX}{VERSION}.{text}"


def _lenient_b64decode(text: str) -> bytes:
    """The whole bytes that `text` (unpadded URL-safe base64, maybe cut short) spells out."""
    usable = text[: len(text) - len(text) % 4] if len(text) % 4 == 1 else text
    return base64.urlsafe_b64decode(usable + "=" * (-len(usable) % 4))


def _encoded_length(size: int) -> int:
    """Characters of unpadded base64 for `size` bytes."""
    return (size * 8 + 5) // 6


def _short() -> TruncatedCode:
    return TruncatedCode(
        "This code is too short: part of the link was probably cut off when it was copied. "
        + _ASK_AGAIN
    )


def _damaged(why: str = "it has been changed or damaged on the way") -> DamagedCode:
    return DamagedCode(f"This code does not add up: {why}. " + _ASK_AGAIN)


def decode(code: Any, tool: str, definition: Mapping | None = None) -> dict:
    """The partner's result held in `code`, for `tool`; ShareCodeError if it is unusable."""
    if tool not in TOOLS:
        raise InvalidRequest(f"Results of {tool!r} cannot be compared.")
    if not isinstance(code, str) or not code.strip():
        raise EmptyCode("The partner link has no code in it. " + _ASK_AGAIN)
    code = code.strip()
    if f"{PREFIX}{VERSION}.".startswith(code):
        raise _short()
    match = _CODE.match(code)
    if not match or match[1].lower() != PREFIX:
        raise ForeignCode(
            "This is not a Tend partner code. "
            "Check that you opened the whole link your partner sent."
        )
    version = int(match[2])
    if version > VERSION:
        raise WrongVersion(
            "This code was made by a newer version of Tend than this page. Reload the page to get "
            "the latest version, then open the link again."
        )
    if version != VERSION:
        raise WrongVersion(
            f"This code was made by an older version of Tend (version {version}) that this page "
            "can no longer read. Ask your partner to take the self-check again and send a new link."
        )
    text = match[3]
    try:
        data = _lenient_b64decode(text)
    except (binascii.Error, ValueError):
        raise _damaged() from None
    if not data:
        raise _short()
    code_tool = next((name for name, byte in TOOLS.items() if byte == data[0]), None)
    if code_tool is None:
        raise _damaged()
    if code_tool == tool:
        expected = _encoded_length(1 + _payload_size(tool, definition) + CHECKSUM)
        if len(text) < expected:
            raise _short()
        if len(text) > expected:
            raise _damaged("it is longer than a code can be")
    elif len(data) < 1 + CHECKSUM + 1:
        raise _short()
    # the decoder ignores the spare bits of the last character: insist on the one spelling
    if base64.urlsafe_b64encode(data).decode().rstrip("=") != text:
        raise _damaged()
    payload, check = data[1:-CHECKSUM], data[-CHECKSUM:]
    if check != _checksum(data[0], payload):
        raise _damaged()
    if code_tool != tool:
        raise WrongTool(
            f"This code is for {TOOL_NAMES[code_tool]}, not {TOOL_NAMES[tool]}. "
            f"Open it on the page of {TOOL_NAMES[code_tool]} instead."
        )
    if tool == "attachment":
        values = [int.from_bytes(payload[i : i + 2], "big") for i in (0, 2)]
        if not all(ATTACHMENT_RANGE[0] <= v <= ATTACHMENT_RANGE[1] for v in values):
            raise _damaged("it holds scores no self-check can give")
        return {"tool": tool, "scores": {"anxiety": values[0] / 100, "avoidance": values[1] / 100}}
    if payload[:2] != _edition(definition or {}):
        raise OtherEdition(
            "This code was made with a different set of checklist questions, so the answers cannot "
            "be matched. Ask your partner to take the checklist on this site again and send a "
            "new link."
        )
    ids = _ids(definition or {})
    levels = _unpack_levels(payload[2:], len(ids))
    if any(level > 2 for level in levels):
        raise _damaged("it holds answers no checklist can give")
    return {"tool": tool, "levels": dict(zip(ids, levels, strict=True))}


def _payload(payload: Any, *keys: str) -> Mapping:
    if not isinstance(payload, Mapping) or any(k not in payload for k in keys):
        raise InvalidRequest(
            "The request about the partner code was incomplete. Please reload the page."
        )
    return payload


def encode_op(payload: Any) -> dict:
    """`share.encode`: {tool, result, definition (checklist)} -> {code}."""
    p = _payload(payload, "tool", "result")
    return {"code": encode(p["tool"], p["result"], p.get("definition"))}


def decode_op(payload: Any) -> dict:
    """`share.decode`: {code, tool, definition (checklist)} -> the partner's result."""
    p = _payload(payload, "code", "tool")
    return decode(p["code"], p["tool"], p.get("definition"))


OPS = {"share.encode": encode_op, "share.decode": decode_op}
