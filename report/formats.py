"""French number formats for the deck: 1 234 €, −560 €, 12,5 %, 45 jours."""
from __future__ import annotations

import math

NNBSP = "\u202f"  # espace fine insécable: thousands and before the unit
MINUS = "\u2212"


def _round(value: float) -> int:
    """Half away from zero, as an accountant rounds (Python's round() is half-even)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def integer(value: float) -> str:
    n = _round(value)
    digits = f"{abs(n):,}".replace(",", NNBSP)
    return (MINUS if n < 0 else "") + digits


def euros(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{integer(value)}{NNBSP}€"


def percent(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{abs(value) * 100:.{decimals}f}".replace(".", ",")
    if float(text.replace(",", ".")) == 0:
        return f"0{NNBSP}%"
    return (MINUS if value < 0 else "") + f"{text}{NNBSP}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{integer(value)}{NNBSP}jours"


def months(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{integer(value)}{NNBSP}mois"


def times(value: float | None) -> str:
    """A cover ratio: 1.8 -> « 1,8 fois »."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + f"{NNBSP}fois"


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
    for unit in ("€", "%", "jours", "mois", "fois"):
        t = t.replace(unit, "")
    t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None
