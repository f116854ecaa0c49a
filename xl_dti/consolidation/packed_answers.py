"""A unit's answers kept packed until an output needs them.

The parent keeps every accepted unit's answers from the reading until the outputs are written.
As objects they are the bulk of a run's memory (about 29 KB a unit: evidence text, values, one
object per indicator); packed by the worker they are a few KB of bytes, cost the parent nothing
to receive, and are unpacked one unit at a time, when the detail or ranking.json is written.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from xl_dti.answers import Answer


class PackedAnswers(Mapping[str, Answer]):
    """Indicator code → answer, stored pickled; the last unit unpacked is kept unpacked."""

    __slots__ = ("_data",)
    _last: ClassVar[tuple[PackedAnswers, dict[str, Answer]] | None] = None

    def __init__(self, data: bytes) -> None:
        self._data = data

    @classmethod
    def of(cls, answers: Mapping[str, Answer]) -> PackedAnswers:
        """Pack ``answers`` (in a worker, before they are sent)."""
        return cls(pickle.dumps(dict(answers), pickle.HIGHEST_PROTOCOL))

    def unpacked(self) -> dict[str, Answer]:
        """The answers as a dict (unpacked once for consecutive uses of the same unit)."""
        last = PackedAnswers._last
        if last is not None and last[0] is self:
            return last[1]
        answers: dict[str, Answer] = pickle.loads(self._data)
        PackedAnswers._last = (self, answers)
        return answers

    def __getitem__(self, code: str) -> Answer:
        return self.unpacked()[code]

    def get(self, code: str, default: Any = None) -> Any:
        """The answer to ``code``, or ``default`` (without Mapping.get's KeyError round trip: the
        detail asks once per unit and indicator)."""
        return self.unpacked().get(code, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.unpacked())

    def __len__(self) -> int:
        return len(self.unpacked())

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return PackedAnswers, (self._data,)
