"""Unit workbooks: layout, native formulas, and writing them with openpyxl."""
