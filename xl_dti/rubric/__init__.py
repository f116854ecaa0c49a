"""Rubric workbooks: a scheme as an editable spreadsheet table, and such a table back into a scheme.

Import ``export_rubric`` from ``xl_dti.rubric.export`` and ``import_rubric`` from
``xl_dti.rubric.importer``.
"""
