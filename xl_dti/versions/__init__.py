"""Scheme versions: what changed between two schemes, crosswalks between their codes, next year's draft."""

from xl_dti.messages import CATALOGUE
from xl_dti.rubric.messages import MESSAGES

# Until the templates are merged into xl_dti.messages, register them so Problem.message renders.
CATALOGUE.update(MESSAGES)
