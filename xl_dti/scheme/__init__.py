"""The scheme language: models, rules, loading and checking."""

from xl_dti.scheme.loader import builtin_ids, dump_scheme, load_scheme, parse_scheme, read_scheme, scheme_from_data
from xl_dti.scheme.model import Aggregate, Grade, Group, Indicator, Scheme

__all__ = [
    "Aggregate",
    "Grade",
    "Group",
    "Indicator",
    "Scheme",
    "builtin_ids",
    "dump_scheme",
    "load_scheme",
    "parse_scheme",
    "read_scheme",
    "scheme_from_data",
]
