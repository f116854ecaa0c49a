"""Consolidation: returned workbooks, checked and recomputed, into the master ranking."""
