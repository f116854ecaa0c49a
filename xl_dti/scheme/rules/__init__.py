"""The scoring rule kinds: one small class each, reading a unit's answer and turning it into points.

Each class's fields are exactly the YAML keys that sit beside ``rule:`` on a leaf indicator.
Each class knows how to read a raw answer (``read``), how many points a reading earns
(``points``), how to write the same arithmetic as an Excel formula (``formula``), how to say in
Vietnamese what the unit must enter (``expected``) and how the rule works (``describe``), and
what is wrong with its own parameters (``problems``). Adding a rule kind touches one module and
the union below.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from xl_dti.scheme.rules.base import (
    PENDING,
    FormulaRefs,
    InputKind,
    InputSpec,
    InvalidAnswer,
    RuleBase,
    RuleProblem,
    normalize_label,
    read_non_negative,
    read_number,
)
from xl_dti.scheme.rules.direct import NO_WORDS, YES_WORDS, PointsRule, YesNoRule
from xl_dti.scheme.rules.labelled import ChoiceRule, PartsRule, Valued
from xl_dti.scheme.rules.measured import CountRule, RatioRule, RelativeRule, Step, StepsRule

Rule = Annotated[
    PointsRule | YesNoRule | ChoiceRule | PartsRule | RatioRule | StepsRule | CountRule | RelativeRule,
    Field(discriminator="rule"),
]
RULE_CLASSES: tuple[type[RuleBase], ...] = (
    PointsRule, YesNoRule, ChoiceRule, PartsRule, RatioRule, StepsRule, CountRule, RelativeRule,
)
RULE_KINDS: tuple[str, ...] = tuple(cls.model_fields["rule"].default for cls in RULE_CLASSES)
RULE_KEYS: frozenset[str] = frozenset(k for cls in RULE_CLASSES for k in cls.model_fields)
"""Every key a rule may add to a leaf indicator (``rule`` itself included)."""

__all__ = [
    "NO_WORDS", "PENDING", "RULE_CLASSES", "RULE_KEYS", "RULE_KINDS", "YES_WORDS", "ChoiceRule", "CountRule",
    "FormulaRefs", "InputKind", "InputSpec", "InvalidAnswer", "PartsRule", "PointsRule", "RatioRule",
    "RelativeRule", "Rule", "RuleBase", "RuleProblem", "Step", "StepsRule", "Valued", "YesNoRule",
    "normalize_label", "read_non_negative", "read_number",
]
