"""Unpickle what the workers send with equal values shared, so a country's readings fit in memory.

Ten thousand units earn the same few points on the same indicators: every reading the parent
keeps holds about 130 indicator scores and their decimals. Unpickled one by one they cost about
77 KB per unit; shared, an indicator score that another unit already has (same code, points,
max, reading) is that unit's object, and each decimal and indicator code is held once.

Sharing stays exact: decimals are shared by their text (``1.5`` and ``1.50`` stay apart), and a
score is shared only when its parts are themselves shared objects or plain values.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import fields
from decimal import Decimal
from typing import Any

from xl_dti.results import AggregateScore, NodeScore, UnitResult


class SharedValues:
    """One run's table of shared objects; ``loads`` unpickles a worker's message through it."""

    def __init__(self) -> None:
        self._decimals: dict[str, Decimal] = {}
        self._scores: dict[tuple[Any, ...], Any] = {}
        self._codes: dict[str, str] = {}

    def loads(self, data: bytes) -> Any:
        """Unpickle one message, sharing decimals, indicator scores and the codes that key them."""
        return _Unpickler(io.BytesIO(data), self).load()

    def code(self, text: str) -> str:
        """The one copy of an indicator or aggregate code."""
        return self._codes.setdefault(text, text)

    def keyed(self, mapping: dict[str, Any]) -> dict[str, Any]:
        """``mapping`` with its keys shared."""
        return {self.code(k): v for k, v in mapping.items()}

    def decimal(self, text: str) -> Decimal:
        found = self._decimals.get(text)
        if found is None:
            found = self._decimals[text] = Decimal(text)
        return found

    def score(self, cls: type, *values: Any) -> Any:
        try:
            key = (cls, *map(_key, values))
        except TypeError:  # a value that cannot be compared exactly: this score is not shared
            return cls(*values)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = cls(self.code(values[0]), *values[1:])
        return found

    def result(self, *values: Any) -> UnitResult:
        found = list(values)
        for keyed in _KEYED_BY_CODE:
            found[keyed] = self.keyed(found[keyed])
        return UnitResult(*found)


_KEYED_BY_CODE = [i for i, f in enumerate(fields(UnitResult)) if f.name in ("nodes", "aggregates")]


def _key(value: Any) -> Any:
    """An exact key for a part of a score: decimals by identity (they are shared by their text),
    other values with their type (``True`` is not ``1``). Raises TypeError for anything else (a
    subclass too: such a score is simply not shared)."""
    kind = type(value)
    if kind is Decimal:
        return Decimal, id(value)
    if kind is str or kind is bool or kind is int or value is None:
        return kind, value
    if kind is tuple:
        return (tuple, *map(_key, value))
    if kind is frozenset:
        return frozenset, frozenset(map(_key, value))
    raise TypeError(f"no exact key for {kind.__name__}")


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: SharedValues) -> None:
        super().__init__(file)
        self._shared = shared

    def find_class(self, module: str, name: str) -> Any:
        found = super().find_class(module, name)
        factory: Callable[..., Any] | None = None
        if found is Decimal:
            factory = self._shared.decimal
        elif found is NodeScore or found is AggregateScore:
            factory = _bound(self._shared.score, found)
        elif found is UnitResult:
            factory = self._shared.result
        return factory or found


def _bound(score: Callable[..., Any], cls: type) -> Callable[..., Any]:
    def make(*values: Any) -> Any:
        return score(cls, *values)

    return make
