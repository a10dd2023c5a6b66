"""When the micro-social levies are declared and paid to the URSSAF.

Turnover cashed in is declared every month, or every civil quarter, and the levies are paid at
the end of the month after the period. The first declarations of a new activity wait: URSSAF
(autoentrepreneur.urssaf.fr, « Mes premières déclarations ») leaves at least 90 days between the
start and the first due date, and groups the start month and the three months after it (monthly
declarers: started in January, first payment on 31 May) or the start quarter and the next one
(quarterly declarers: started in January, first payment on 31 July). The counts are rules data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .rules import Rules


@dataclass(frozen=True)
class Declaration:
    """One declaration of turnover to the URSSAF: the months it declares, the month it is paid."""
    months: tuple[int, ...]  # the plan's months whose turnover cashed in it declares
    paid: int | None  # the plan's month it is paid in; None: after the plan


def _ordinal(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def schedule(rules: Rules, start: dt.date, months, quarterly: bool) -> tuple[Declaration, ...]:
    """The declarations of the plan's months, each with the month it is paid in.

    Parameters
    ----------
    rules : Rules
        ``urssaf.premiere_declaration.mois`` / ``.trimestres``: the months or quarters the
        first declaration groups.
    start : datetime.date
        First day of activity.
    months : sequence of datetime.date
        First day of each month of the plan.
    quarterly : bool
        Declared by civil quarter, else monthly.

    Returns
    -------
    tuple of Declaration
        One per month or civil quarter of the plan, with the plan's month it is paid in (the
        month after the period, or the first due date if later; None: after the plan).

    Notes
    -----
    URSSAF, « Mes premières déclarations »: at least 90 days between the start and the first
    due date. Monthly: the start month and the next three are paid together the month after
    them (started in January: end of May). Quarterly: the start quarter and the next one, the
    month after them (started on 10 January: end of July).
    """
    first = _ordinal(months[0])
    length = 3 if quarterly else 1
    begin = _ordinal(start)
    if quarterly:
        grouped = rules.value("urssaf.premiere_declaration.trimestres", start)
        first_due = (begin // 3 + int(grouped)) * 3  # the month after the grouped quarters
    else:
        first_due = begin + int(rules.value("urssaf.premiere_declaration.mois", start))
    periods: dict[int, list[int]] = {}
    for m, day in enumerate(months):
        periods.setdefault(_ordinal(day) // length, []).append(m)
    out = []
    for period, members in periods.items():
        due = max((period + 1) * length, first_due) - first  # the month after the period
        out.append(Declaration(tuple(members), due if due < len(months) else None))
    return tuple(out)
