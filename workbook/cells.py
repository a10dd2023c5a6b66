"""What an openpyxl cell receives from planae: a text is always text, a formula only declared.

openpyxl guesses from a string: « =… » becomes a formula, « #N/A », « #REF! »… an error. A
project named « =HYPERLINK(…) » would then be a live formula in every output sheet of the
workbook sent to a bank. Every value planae puts into a cell goes through `put`, which writes
a `str` as text whatever it starts with; the formulas planae writes on purpose (the
`Formules` sheet) are `Formula`s, the only strings written as formulas.
"""
from __future__ import annotations


class Formula(str):
    """A formula planae writes on purpose, « =… »."""

    def __new__(cls, text: str):
        if not text.startswith("="):
            raise ValueError(f"not a formula: {text!r}")
        return super().__new__(cls, text)


def put(cell, value) -> None:
    """`value` into an openpyxl cell: a `Formula` as a formula, any other string as text."""
    cell.value = value
    if isinstance(value, str) and not isinstance(value, Formula):
        cell.data_type = "s"
