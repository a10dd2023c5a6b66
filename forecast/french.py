"""Numbers, amounts and dates as a French reader expects them: the one formatter of planae.

Every message, sheet label, terminal line and slide formats through here, so a figure reads the
same everywhere: « 1 234 € » (a narrow no-break space, U+202F, between thousands and before the
unit), « −560 € » (the true minus sign, U+2212), « 12,5 % », « 45 jours », « mars 2026 »,
« 01/03/2026 ». Amounts are rounded half away from zero, as an accountant rounds (Python's
`round` rounds half to even, and a float's binary value would turn 2,675 into 2,67). A value that
is not a finite number reads « valeur non finie »: never « nan » or « inf »; one of 16 digits or
more, « 1E+308 », as Excel shows it.
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

NNBSP = "\u202f"  # espace fine insécable
MINUS = "\u2212"
NOT_FINITE = "valeur non finie"
# 16 digits and more: beyond the 15 significant digits Excel keeps, a number is shown as Excel
# shows it (scientific notation, 6 significant digits), not as a row of zeros
SCIENTIFIC = 1e15
MISSING = "—"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")


def half_up(value: float, decimals: int = 0) -> Decimal:
    """`value` rounded half away from zero, from its shortest decimal writing (2.675 -> 2.68);
    exact for any finite float (the precision grows with it: 1e300 has 301 digits)."""
    exact = Decimal(repr(float(value)))
    with localcontext() as context:
        context.prec = max(context.prec, exact.adjusted() + decimals + 2)
        return exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def number(value: float, decimals: int = 0, trim: bool = False) -> str:
    """« 1 234 », « −1 234,50 »; `trim` drops zero decimals (« 12,5 », « 3 »). From
    SCIENTIFIC on, as Excel shows such a number: « 1E+308 », « −1,5E+20 »."""
    if not _finite(value):
        return NOT_FINITE
    if abs(value) >= SCIENTIFIC:
        mantissa, exponent = f"{abs(value):.5E}".split("E")
        return (MINUS if value < 0 else "") + \
            f"{mantissa.rstrip('0').rstrip('.').replace('.', ',')}E{exponent}"
    rounded = half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no « −0 »
    text = f"{abs(rounded):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", NNBSP).replace(".", ",")
    return (MINUS if rounded < 0 else "") + text


def euros(value: float | None, cents: bool = False) -> str:
    """« 1 234 € »; with `cents`, « 1 234,50 € » (whole euros keep no decimals: « 12 € »)."""
    if value is None:
        return MISSING
    if not _finite(value):
        return NOT_FINITE
    whole = float(value) == int(value)
    return f"{number(value, 2 if cents and not whole else 0)}{NNBSP}€"


def percent(value: float | None, decimals: int = 1, trim: bool = False) -> str:
    """A fraction as a percentage: 0.125 -> « 12,5 % »."""
    if value is None:
        return MISSING
    if not _finite(value):
        return NOT_FINITE
    if half_up(float(value) * 100, decimals) == 0:
        return f"0{NNBSP}%"
    return f"{number(float(value) * 100, decimals, trim)}{NNBSP}%"


def days(value: float | None) -> str:
    """« 45 jours », « 1 jour » (singular under 2, as French counts)."""
    if value is None:
        return MISSING
    shown = number(value)
    return f"{shown}{NNBSP}jour{'s' if abs(half_up(value, 0)) >= 2 else ''}"


def months(value: float | None) -> str:
    return MISSING if value is None else f"{number(value)}{NNBSP}mois"


def times(value: float | None) -> str:
    """A cover ratio: 1.8 -> « 1,8 fois »."""
    return MISSING if value is None else f"{number(value, 1)}{NNBSP}fois"


def quantity(value: float, unit: str = "") -> str:
    """A typed value as the person typed it, with its unit: « −5 € », « 12,5 % », « 1,5 »,
    « 30 jours » (up to two decimals, none when whole)."""
    if unit == "%":
        return percent(value, 2, trim=True)
    if unit.startswith("€"):
        return f"{number(value, 2, trim=True)}{NNBSP}{unit}"
    shown = number(value, 2, trim=True)
    return f"{shown}{NNBSP}{unit}" if unit and _finite(value) else shown


def boolean(value: bool) -> str:
    """What Excel shows for a logical value."""
    return "VRAI" if value else "FAUX"


def typed(value) -> str:
    """A cell's value as the cell shows it, for « you typed … »: VRAI/FAUX, numbers in French
    (« 2,5 », « valeur non finie »), a date jj/mm/aaaa, a text as it is."""
    if isinstance(value, bool):
        return boolean(value)
    if isinstance(value, (int, float)):
        return number(value, 2, trim=True)
    if isinstance(value, dt.date):
        return date(value)
    return str(value)


def date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def long_date(day: dt.date) -> str:
    """« 1er mars 2026 », « 15 août 2026 »."""
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def month_label(day: dt.date) -> str:
    """« mars 2026 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def _finite(value) -> bool:
    try:
        return math.isfinite(value)
    except TypeError:
        return False
