"""Exceptions and the located problem record that every validator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from xl_dti.messages import render
from xl_dti.pickling import pickled_by_fields

Severity = Literal["error", "warning"]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """One located finding: a stable code, where it is, and the values its message needs.

    Args:
        code: a key of ``xl_dti.messages.CATALOGUE`` (stable; tests assert it).
        where: ``file:line path`` for YAML, ``'Sheet'!F14`` for workbooks, an indicator code for answers.
        params: the values the message template interpolates.
        severity: ``error`` blocks the thing it is about; ``warning`` is reported only.
    """

    code: str
    where: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    severity: Severity = "error"

    @property
    def message(self) -> str:
        """The message text, without its location."""
        return render(self.code, self.params)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view: code, severity, where, message."""
        return {"code": self.code, "severity": self.severity, "where": self.where, "message": self.message}


class XlDtiError(Exception):
    """Base of every error xl-dti raises on purpose; the CLI prints these as one clear line each."""

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems: list[Problem] = (
            [Problem("generic", params={"text": problems})] if isinstance(problems, str) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class SchemeError(XlDtiError, ValueError):
    """A scheme file (or built-in id) that cannot be used, with every problem found in it."""


class AnswerError(XlDtiError, ValueError):
    """A unit's answers file that cannot be read at all."""


class UsageError(XlDtiError, ValueError):
    """A call that asks for something that does not exist (unknown scheme, group, aggregate)."""


class UnknownSchemeError(SchemeError, UsageError):
    """A scheme name that is neither a built-in id nor an existing file (a usage mistake)."""
