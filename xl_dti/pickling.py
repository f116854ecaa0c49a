"""Pickle small frozen dataclasses as their constructor call (workers send thousands per file).

A slotted dataclass pickles its state as a dict and restores it field by field through
``dataclasses.fields``; a constructor call with the values in order costs a fraction of that.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def pickled_by_fields(cls: T) -> T:
    """Class decorator: pickle instances as ``cls(*values)``, the values in field order."""
    names = [f.name for f in fields(cls)]
    get = attrgetter(*names)
    one = len(names) == 1  # attrgetter of one name gives the value, not a tuple

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, (get(self),) if one else get(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 - a class attribute, set once
    return cls
