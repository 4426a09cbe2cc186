"""Typed errors for bad input, each with a message a visitor can read.

Every error carries `kind` (a stable name the page can switch on), a plain-English
`message`, and `items`: the item ids concerned (for missing answers, in quiz order),
so the page can point at them. `to_dict()` is what crosses to the browser.
"""

from __future__ import annotations

from collections.abc import Iterable


class QuizError(Exception):
    """Base of every error the engine reports on purpose."""

    kind = "quiz-error"

    def __init__(self, message: str, items: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.items = list(items)

    def to_dict(self) -> dict:
        return {"type": self.kind, "message": self.message, "items": self.items}


class MissingAnswers(QuizError):
    """Some statements have no answer yet; `items` lists their ids in quiz order."""

    kind = "missing-answers"


class OutOfRange(QuizError):
    """An answer is not one of the points of the scale."""

    kind = "out-of-range"


class UnknownItem(QuizError):
    """An answer names an item the quiz does not have."""

    kind = "unknown-item"


class InvalidDefinition(QuizError):
    """The quiz definition itself is broken: a fault of the site, not of the visitor."""

    kind = "invalid-definition"


class UnknownOperation(QuizError):
    """The page asked for an operation the engine does not offer."""

    kind = "unknown-operation"


class InvalidRequest(QuizError):
    """The request is not shaped as the operation expects (e.g. answers not a mapping)."""

    kind = "invalid-request"


def numbered(numbers: list[int]) -> str:
    """`[4]` -> "4"; `[4, 9, 17]` -> "4, 9 and 17": for messages naming statements."""
    words = [str(n) for n in numbers]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
