"""ARE kept or ARCE taken: what France Travail pays a jobseeker who starts a micro-entreprise.

Two options, exclusive (rules in force since 1 April 2025, data/chomage.toml):

- **ARCE** — a capital: `arce.part_des_droits` of the remaining rights (daily allowance × days
  left), less the pension participation, paid in two equal halves: at the start, then
  `arce.mois_second_versement` months later if the person still runs the business.
- **ARE kept** — each month France Travail pays `are.jours_par_mois` days, minus the days that
  70 % of the month's business income represents (for a micro-entrepreneur: turnover after the
  flat allowance of CGI art. 50-0 / 102 ter), rounded up to a whole day; allowance plus income
  never above the monthly reference wage; in all, at most `are.cumul.part_des_droits` of the
  rights left at the start while the business runs (the rest comes back only if it stops).

Amounts are gross of CSG and CRDS; the ARE is net of the 3 % pension participation on the
reference daily wage when that wage is given.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

from .french import date
from .rules import Rules, RulesError, load_rules

DATA_FILE = Path(__file__).with_name("data") / "chomage.toml"


def unemployment_rules() -> Rules:
    return load_rules(DATA_FILE)


@dataclass(frozen=True)
class Rights:
    """What France Travail's notification says."""
    daily_amount: float  # allocation journalière brute (AJ), €
    remaining_days: float  # jours de droits restants au début de l'activité
    reference_daily_wage: float = 0.0  # salaire journalier de référence (SJR), € ; 0 : non saisi

    @property
    def capital(self) -> float:
        """The remaining rights in euros (« reliquat des droits »)."""
        return self.daily_amount * self.remaining_days


def _check_period(rules: Rules, start: dt.date) -> None:
    first = rules.param("are.jours_par_mois").values[0].start
    if start < first:
        raise RulesError(f"ARE et ARCE : planae applique les règles en vigueur depuis le "
                         f"{date(first)} ; une activité débutée le {date(start)} relève "
                         f"des règles antérieures, non modélisées.")


def _cents(x: float, rounding: str = ROUND_HALF_UP) -> float:
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding))


@dataclass(frozen=True)
class Arce:
    """The ARCE: the rights left, the share granted less the retirement deduction, in two halves."""
    capital: float  # reliquat des droits
    gross: float  # part des droits, avant la participation retraite
    deduction: float  # participation retraite retenue
    amount: float  # capital versé, en deux moitiés
    second_month: int  # index of the month of the second half (0 = the start month)

    @property
    def first(self) -> float:
        """Half the ARCE, an odd cent left to the second half."""
        return _cents(self.amount / 2, ROUND_DOWN)

    @property
    def second(self) -> float:
        return _cents(self.amount - self.first)


def arce(rules: Rules, start: dt.date, rights: Rights) -> Arce:
    """The ARCE of someone starting on `start` with `rights` (France Travail's rules of that day).
    ARCE requires the ACRE: the caller checks it."""
    _check_period(rules, start)
    capital = _cents(rights.capital)
    gross = _cents(capital * rules.value("arce.part_des_droits", start))
    deduction = _cents(gross * rules.value("arce.retenue_retraite", start))
    return Arce(capital, gross, deduction, _cents(gross - deduction),
                int(rules.value("arce.mois_second_versement", start)))


@dataclass(frozen=True, eq=False)
class KeptAre:
    """The ARE kept month by month (arrays over the plan's months)."""
    days: np.ndarray  # jours indemnisés
    gross: np.ndarray  # jours × allocation journalière
    participation: np.ndarray  # participation retraite retenue
    rights_left: np.ndarray  # droits restants (jours) à la fin du mois, 40 % réservés compris
    ceiling: float  # ce que le cumul peut verser pendant l'activité, €

    @property
    def paid(self) -> np.ndarray:
        return self.gross - self.participation


def indemnified_days(rules: Rules, day: dt.date, daily_amount: float, income,
                     reference_daily_wage: float = 0.0) -> np.ndarray:
    """Days of ARE of a month whose business income counted is `income` (€, an array of draws
    or a number): the allowance of a whole month less 70 % of the income, divided by the daily
    allowance, rounded up; and, when the reference daily wage is known, no more days than keep
    allowance plus income under the monthly reference wage (that wage × the days of a month,
    rounded down to a whole day)."""
    month_days = rules.value("are.jours_par_mois", day)
    share = rules.value("are.cumul.part_remuneration", day)
    income = np.asarray(income, dtype=float)
    quotient = (month_days * daily_amount - share * income) / daily_amount
    days = np.clip(np.ceil(np.round(quotient, 9)), 0, month_days)
    if reference_daily_wage > 0:
        room = (reference_daily_wage * month_days - income) / daily_amount
        days = np.minimum(days, np.maximum(0, np.floor(np.round(room, 9))))
    return days


def paid_for(rules: Rules, day: dt.date, rights: Rights, days) -> tuple[np.ndarray, np.ndarray]:
    """What `days` days of ARE in the month of `day` pay, each to the cent: the gross allowance
    (days × daily allowance) and the retirement participation withheld (days × reference daily
    wage × its rate)."""
    days = np.asarray(days, dtype=float)
    rate = rules.value("are.participation_retraite", day)
    return (np.round(days * rights.daily_amount, 2),
            np.round(days * rights.reference_daily_wage * rate, 2))


def kept_are(rules: Rules, months, rights: Rights, income: np.ndarray) -> KeptAre:
    """ARE kept over `months` (the first is the start month) with the business income counted
    each month (`counted_income`; last axis the month, a leading axis of draws allowed)."""
    start = months[0]
    _check_period(rules, start)
    income = np.asarray(income, dtype=float)
    days, gross, participation, left = (np.zeros(income.shape) for _ in range(4))
    aj = rights.daily_amount
    ceiling = _cents(rights.capital * rules.value("are.cumul.part_des_droits", start))
    if aj <= 0:
        return KeptAre(days, gross, participation, left, 0.0)
    paid = np.zeros(income.shape[:-1])
    remaining = np.full(income.shape[:-1], float(rights.remaining_days))
    for m, day in enumerate(months):
        d = indemnified_days(rules, day, aj, income[..., m], rights.reference_daily_wage)
        d = np.minimum(np.minimum(d, remaining), np.maximum(0.0, (ceiling - paid) / aj))
        days[..., m] = d
        gross[..., m], participation[..., m] = paid_for(rules, day, rights, d)
        paid = paid + gross[..., m]
        remaining = remaining - d
        left[..., m] = remaining
    return KeptAre(days, gross, participation, left, ceiling)


def counted_income(sales: np.ndarray, services: np.ndarray, sales_allowance: np.ndarray,
                   services_allowance: np.ndarray) -> np.ndarray:
    """The business income France Travail counts for a micro-entrepreneur, month by month: the
    turnover declared (cashed in) after the flat allowance of its kind."""
    return sales * (1 - sales_allowance) + services * (1 - services_allowance)


def arce_rights_left(rights: Rights, arce_: Arce, months: int) -> np.ndarray:
    """Days of ARE left, month by month, if the business stopped at that month's end, having
    taken the ARCE: the rights less the days the halves paid represent (the second half is paid
    only if the business still runs at its month)."""
    aj = rights.daily_amount
    paid = np.full(months, arce_.gross / 2)
    paid[arce_.second_month:] = arce_.gross
    return np.maximum(0.0, rights.remaining_days - paid / aj) if aj > 0 else np.zeros(months)
