"""CFE (cotisation foncière des entreprises) as it is levied on a micro-entrepreneur without
premises of their own: the minimum contribution of their commune, paid in December.

- None the year the activity starts; the base halved the next year (CGI art. 1478, II).
- Judged on the turnover of the reference period: the year before last (CGI art. 1467 A),
  but the creation year for the two years after it (art. 1478, II; BOFiP BOI-IF-CFE-20-10
  § 20), brought to twelve months (CGI art. 1647 D, I, 1).
- No minimum contribution when that turnover is at most 5 000 € (CGI art. 1647 D, I, 1).
- Artisans working alone or with apprentices are exempt (CGI art. 1452, 1°), when the person
  says so.
- The amount is the commune's, typed by the person (from the CFE notice or the commune's
  deliberation); without it, an estimate: the middle of the minimum base of the turnover's
  bracket (CGI art. 1647 D) times the national average CFE rate (DGFiP).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .french import euros, month_label, percent
from .records import Record
from .rules import Rules
from .thresholds import creation_year_share

BRACKETS = 6


def _creation_years(rules: Rules, start: dt.date) -> int:
    """The years after the creation judged on the creation year's turnover (1478 II)."""
    return int(rules.value("cfe.annees_reference_creation", dt.date(start.year + 1, 1, 1)))


def reference_year(rules: Rules, start: dt.date, year: int) -> int:
    """The civil year whose turnover judges the CFE of `year`: the creation year for the years
    just after it, else the year before last (CGI art. 1467 A)."""
    return start.year if year - start.year <= _creation_years(rules, start) else year - 2


def estimate(rules: Rules, year: int, turnover) -> np.ndarray:
    """The minimum contribution's estimate for a reference turnover (brought to 12 months):
    the middle of its bracket's minimum base, times the national average rate."""
    day = dt.date(year, 1, 1)
    turnover = np.asarray(turnover, dtype=float)
    high = np.full(turnover.shape, rules.value(f"cfe.base_minimum.plafond_{BRACKETS}", day))
    for i in reversed(range(1, BRACKETS)):
        high = np.where(turnover <= rules.value(f"cfe.base_minimum.ca_{i}", day),
                        rules.value(f"cfe.base_minimum.plafond_{i}", day), high)
    low = rules.value("cfe.base_minimum.plancher", day)
    return (low + high) / 2 * rules.value("cfe.taux_moyen_national", day)


@dataclass(frozen=True, eq=False)
class CfeDue(Record):
    """The CFE paid each December, and whether it is the stated estimate."""
    paid: np.ndarray  # in December
    estimated: bool  # no amount typed: the stated estimate
    assumed_years: tuple[int, ...]  # years whose reference period precedes the plan


def cfe(rules: Rules, months, start: dt.date, turnover: np.ndarray, typed: float,
        artisan_exempt: bool) -> CfeDue:
    """CFE paid each December of the plan, in €.

    Parameters
    ----------
    rules : Rules
        ``cfe.*``: the second year's base reduction (a fraction), the 5 000 € test, the
        minimum base's brackets (€) and the national average rate (a fraction).
    months : sequence of datetime.date
        First day of each month of the plan.
    start : datetime.date
        First day of activity.
    turnover : ndarray
        Turnover HT by month, in €, shape (..., months).
    typed : float
        The commune's CFE for a full year, in € (0: the estimate).
    artisan_exempt : bool
        An artisan working alone or with apprentices (CGI art. 1452, 1°): no CFE.

    Returns
    -------
    CfeDue

    Notes
    -----
    For a civil year Y after the creation year (none in it, CGI art. 1478, II): the reference
    turnover R is that of the creation year for the two years after it, else of Y - 2 (CGI
    art. 1467 A, 1478, II), brought to twelve months (CGI art. 1647 D, I, 1); no CFE when
    R <= 5 000 €; else the amount typed or the estimate, times (1 - 50 %) in the year after
    the creation. A year whose reference period is not wholly in the plan (an activity
    started before it) owes the CFE (the 5 000 € test cannot be made), estimated on the plan's
    first twelve months. Example: created on 1 January 2026, 500 € typed: 0 in 2026, 250 € in
    December 2027, 500 € in December 2028.
    """
    turnover = np.asarray(turnover, dtype=float)
    paid = np.zeros(turnover.shape)
    assumed = []
    for m, day in enumerate(months):
        if day.month != 12 or day.year <= start.year or artisan_exempt:
            continue
        ref = reference_year(rules, start, day.year)
        in_plan = [i for i, d in enumerate(months) if d.year == ref]
        first = start.replace(day=1) if ref == start.year else dt.date(ref, 1, 1)
        complete = bool(in_plan) and months[in_plan[0]] <= first
        if complete:
            share = creation_year_share(start) if ref == start.year else 1.0
            reference = turnover[..., in_plan].sum(axis=-1) / share
            exempt = reference <= rules.value("cfe.minimum_exemption_turnover", day)
        else:
            assumed.append(day.year)
            reference, exempt = turnover[..., :12].sum(axis=-1), False
        amount = typed if typed else estimate(rules, day.year, reference)
        if day.year == start.year + 1:
            amount = amount * (1 - rules.value("cfe.second_year_base_reduction", day))
        paid[..., m] = np.where(exempt, 0.0, amount)
    return CfeDue(paid, not typed, tuple(assumed))


def describe(rules: Rules, months, start: dt.date, due: CfeDue, typed: float,
             artisan_exempt: bool) -> str:
    """The rule applied and what it gives, in French (alerts, deck)."""
    if artisan_exempt:
        return ("CFE : aucune, artisan travaillant seul ou avec des apprentis (exonération de "
                "l'art. 1452 du CGI, à confirmer auprès du service des impôts).")
    day = months[-1]
    floor = euros(rules.value("cfe.minimum_exemption_turnover", day))
    amount = (f"montant de la commune saisi : {euros(typed)} par an" if typed else
              f"faute du montant de la commune, estimée au milieu de la base minimum de la "
              f"tranche de chiffre d'affaires (CGI art. 1647 D) au taux moyen national de "
              f"{percent(rules.value('cfe.taux_moyen_national', day))}")
    paid = [(months[m], float(v)) for m, v in enumerate(due.paid) if v and months[m] <= day]
    detail = " ; ".join(f"{euros(v)} en {month_label(d)}" for d, v in paid) or \
        "aucune sur la durée du plan"
    years = " et ".join(map(str, due.assumed_years))
    assumed = (f" Le chiffre d'affaires de référence de la CFE {years} précède le prévisionnel : "
               f"elle est supposée due." if due.assumed_years else "")
    reduction = rules.value("cfe.second_year_base_reduction", day)
    creation = (f"aucune l'année de création ({start.year}), base réduite de "
                f"{percent(reduction, 0)} l'année suivante ; " if start.year + 1 >= months[0].year
                else "")
    reference = ("l'année de création pour les deux années suivantes, puis l'avant-dernière année"
                 if start.year + _creation_years(rules, start) >= months[0].year else
                 "l'avant-dernière année")
    return (f"CFE : {creation}due si le chiffre d'affaires de référence ({reference}), ramené à "
            f"12 mois, dépasse {floor} ; {amount}. Payée mi-décembre : {detail}.{assumed}")
