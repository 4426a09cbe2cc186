"""The engine's one entry point: `call(op, payload) -> dict`, dispatched through `OPS`.

Each scorer module exposes its operations in a module-level `OPS` dict
(op name -> function taking the payload dict); to add a tool, write its module and
add it to `MODULES`. The browser worker calls `call_json`, which never raises:
it returns `{"ok": true, "result": ...}` or `{"ok": false, "error": {type, message, items}}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from . import attachment, checklist, compare, dependence, drifting, sharecode, storage
from .errors import QuizError, UnknownOperation

MODULES = (attachment, checklist, dependence, drifting, sharecode, compare, storage)

OPS: MappingProxyType[str, Callable[[Any], dict]] = MappingProxyType(
    {name: fn for module in MODULES for name, fn in module.OPS.items()}
)


def call(op: str, payload: Any) -> dict:
    """Run operation `op` on `payload`; raises a QuizError subclass on bad input."""
    try:
        fn = OPS[op]
    except (KeyError, TypeError):
        raise UnknownOperation(
            f"The engine has no operation {op!r}. Please reload the page.", []
        ) from None
    return fn(payload)


def call_json(op: str, payload_json: str) -> str:
    """`call` with JSON in and out, for the worker: errors become data, never exceptions."""
    try:
        payload = json.loads(payload_json)
        return json.dumps({"ok": True, "result": call(op, payload)})
    except QuizError as exc:
        return json.dumps({"ok": False, "error": exc.to_dict()})
    except Exception as exc:  # noqa: BLE001 - a bug must still reach the page as a message
        message = "Something went wrong while scoring. Your answers are still here; please try again."
        return json.dumps({
            "ok": False,
            "error": {"type": "internal", "message": message, "items": [],
                      "detail": f"{type(exc).__name__}: {exc}"},
        })
