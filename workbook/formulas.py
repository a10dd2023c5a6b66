"""The `Formules` sheet and the xlwings configuration sheet (stub: the Excel issue fills it)."""
from __future__ import annotations


def add_formula_sheets(wb) -> None:
    """Add the `Formules` demonstration sheet and xlwings's `xlwings.conf` sheet (stub)."""
