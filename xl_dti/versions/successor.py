"""Start next year's scheme from this year's: the same content under a new id and year, version reset."""

from __future__ import annotations

from dataclasses import replace

from xl_dti.errors import Problem, SchemeError, UsageError
from xl_dti.scheme import Scheme, scheme_from_data
from xl_dti.scheme.loader import scheme_to_data

_OPTIONS = {"id": "--id", "year": "--year"}
"""The scheme keys a successor takes from the command line, and the option each comes from."""


def successor(scheme: Scheme, new_id: str, year: int) -> Scheme:
    """A copy of ``scheme`` with id ``new_id``, year ``year`` and the version back to its default ("1").

    Args:
        scheme: the scheme to start from.
        new_id: the new scheme's id (kebab-case, e.g. ``haugiang-2026-so``).
        year: the new scheme's year.

    Returns:
        The new, validated scheme.

    Raises:
        UsageError: the id or year is not valid, located at ``--id`` or ``--year``.
    """
    data = scheme_to_data(scheme)
    data.pop("version", None)
    data.update(id=new_id, year=year)
    try:
        return scheme_from_data(data, "<new scheme>")
    except SchemeError as exc:
        raise UsageError([_at_option(p) for p in exc.problems]) from None


def _at_option(problem: Problem) -> Problem:
    """Locate a problem at the option it came from: ``<new scheme>:1 id`` → ``--id``."""
    key = problem.where.rsplit(" ", 1)[-1]
    return replace(problem, where=_OPTIONS.get(key, problem.where))
