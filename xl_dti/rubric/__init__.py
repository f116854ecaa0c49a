"""Rubric workbooks: a scheme as an editable spreadsheet table, and such a table back into a scheme.

Import ``export_rubric`` from ``xl_dti.rubric.export`` and ``import_rubric`` from
``xl_dti.rubric.importer``; this package file only registers the message templates.
"""

from xl_dti.messages import CATALOGUE
from xl_dti.rubric.messages import MESSAGES

# Until the templates are merged into xl_dti.messages, register them so Problem.message renders.
CATALOGUE.update(MESSAGES)
