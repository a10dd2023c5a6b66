"""The deck's table cells, by the style of their line; the figures come from forecast.french."""
from __future__ import annotations

from forecast.french import MINUS, NNBSP, days, euros, months, percent, times


def cell(value, style: str = "") -> str:
    """A table value as the deck prints it, by the style of its line."""
    if style == "section":
        return ""
    if isinstance(value, str):
        return value
    if value is None:
        return "" if style == "months" else "—"
    if style == "percent":
        return percent(value)
    if style == "times":
        return times(value)
    if style == "days":
        return days(value)
    if style == "months":
        return months(value)
    return euros(value)


def parse(text: str) -> float | None:
    """The number a formatted figure shows (tests read the deck back with it)."""
    t = text.replace(NNBSP, "").replace("\u00a0", "").replace(" ", "").replace(MINUS, "-")
    for unit in ("€", "%", "jours", "jour", "mois", "fois"):
        t = t.replace(unit, "")
    t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None
