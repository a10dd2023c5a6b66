"""Volumes typed per month, per week or per worked day, as the person counts them (a
hairdresser thinks in clients a day, a trainer in sessions a week), turned into the monthly
quantities the engine sells.

A month holds 52 / 12 weeks (a year of 52 weeks spread evenly); a day of work is one of the
days worked in a week. A person who stops in August types 0 for August, as with monthly
quantities.
"""
from __future__ import annotations

from .french import number
from .timeline import MONTHS_PER_YEAR

WEEKS_PER_YEAR = 52
UNITS = ("mois", "semaine", "jour")
DAYS_PER_WEEK = 5  # the default of the days worked in a week, typed per offer


def per_month(unit: str, days_per_week: float = DAYS_PER_WEEK) -> float:
    """How many of `unit` a month holds: 1 for a month, 52/12 for a week, 52/12 times the
    days worked in a week for a day."""
    if unit == "mois":
        return 1.0
    weeks = WEEKS_PER_YEAR / MONTHS_PER_YEAR
    return weeks if unit == "semaine" else weeks * days_per_week


def unit_label(unit: str, days_per_week: float = DAYS_PER_WEEK) -> str:
    """« par mois », « par semaine », « par jour travaillé (5 jours par semaine) »."""
    if unit == "jour":
        return f"par jour travaillé ({number(days_per_week, 1, trim=True)} jours par semaine)"
    return f"par {unit}"
