"""Scheme versions: what changed between two schemes, crosswalks between their codes, next year's draft."""
