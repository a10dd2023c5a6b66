"""The household's income tax and when it is paid (data/impot_revenu.toml, keyed by income year).

The tax of a year (CGI art. 197): the progressive scale applied to the income per part, times the
parts; the advantage of the parts beyond one (a single person) or two (a couple) capped per
half-part; the décote; nothing collected under the minimum (CGI art. 1657). A micro-entrepreneur
with the versement libératoire pays no more tax on that income, but its amount after the flat
allowance sets the rate of the household's other income (« taux effectif », CGI art. 197 C;
impots.gouv).

When it is paid (prélèvement à la source): the household's other income is taxed at source as it
is received; the micro income, by monthly instalments (acomptes) on the last income declared —
none in the first year nor until the August after (unless the person declares one spontaneously,
CGI art. 204 K), then from September on the previous year's income — and the rest of the year's
tax (solde) from September of the next year, in four monthly parts above 300 € (CGI art. 1663 B);
too much paid is refunded in the summer after the declaration.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .activity import Activity
from .micro import SALE, SERVICE, abattement
from .rules import Rules, load_rules

DATA_FILE = Path(__file__).with_name("data") / "impot_revenu.toml"
BRACKETS = 4


def tax_rules() -> Rules:
    return load_rules(DATA_FILE)


def _jan(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _euro(x):
    """To the euro, half up (amounts of tax are positive)."""
    return np.floor(np.asarray(x, dtype=float) + 0.5)


@lru_cache(maxsize=64)
def _brackets(rules: Rules, year: int) -> tuple[tuple[float, float, float], ...]:
    """(low, high, rate) of each taxed bracket of the year's scale."""
    day = _jan(year)
    limits = [rules.value(f"ir.bareme.limite_{i}", day) for i in range(1, BRACKETS + 1)]
    return tuple((low, high, rules.value(f"ir.bareme.taux_{i}", day))
                 for i, (low, high) in enumerate(zip(limits, limits[1:] + [float("inf")]), 1))


def scale(rules: Rules, year: int, income: float) -> float:
    """The progressive scale on `income` for one part."""
    tax = 0.0
    for low, high, rate in _brackets(rules, year):
        tax = tax + np.maximum(0.0, np.minimum(income, high) - low) * rate
    return tax


def gross_tax(rules: Rules, year: int, taxable: float, parts: float, couple: bool) -> float:
    """Tax from the scale with the family quotient and its cap (CGI art. 197, I, 1 and 2)."""
    base = 2.0 if couple else 1.0
    parts = max(parts, base)
    with_parts = parts * scale(rules, year, taxable / parts)
    without = base * scale(rules, year, taxable / base)
    cap = (parts - base) * 2 * rules.value("ir.quotient_familial.plafond_demi_part", _jan(year))
    return np.maximum(with_parts, without - cap)


def decote(rules: Rules, year: int, tax: float, couple: bool) -> float:
    """CGI art. 197, I, 4, a: the amount less 45.25 % of the tax, never more than the tax."""
    day = _jan(year)
    amount = rules.value("ir.decote.seuil_couple" if couple else "ir.decote.seuil_personne_seule",
                         day)
    return np.clip(amount - rules.value("ir.decote.taux", day) * tax, 0.0, tax)


@dataclass(frozen=True)
class Tax:
    """A household's tax of one year (euros)."""
    droits: float  # after the family quotient (and the taux effectif with the VL)
    decote: float
    due: float  # rounded to the euro, 0 under the minimum collected


def household_tax(rules: Rules, year: int, taxable: float, parts: float, couple: bool,
                  vl_income: float = 0.0) -> Tax:
    """The tax of `year` on `taxable` (€, the household's net taxable income). `vl_income`: micro
    income under the versement libératoire, after its allowance: not taxed again, but it sets the
    rate applied to `taxable` (CGI art. 197 C)."""
    total = np.asarray(taxable + vl_income, dtype=float)
    droits = gross_tax(rules, year, total, parts, couple)
    droits = np.where(total > 0, droits * taxable / np.maximum(total, 1e-9), 0.0)
    d = decote(rules, year, droits, couple)
    due = _euro(droits - d)
    due = np.where(due < rules.value("ir.minimum_de_recouvrement", _jan(year)), 0.0, due)
    return Tax(droits, d, due)


def micro_income(tax: Rules, business: Rules, activity: Activity, year: int, sales: float,
                 services: float) -> float:
    """Micro income of a year after the flat allowances of CGI art. 50-0 / 102 ter (rates in the
    business rules), the allowance never under its minimum nor above the turnover."""
    day = _jan(year)
    allowance = (sales * abattement(business, activity, SALE, day)
                 + services * abattement(business, activity, SERVICE, day))
    turnover = sales + services
    minimum = tax.value("ir.micro.abattement_minimum", day)
    return turnover - np.minimum(turnover, np.maximum(allowance, minimum))


def salary_like(rules: Rules, year: int, amount: float) -> float:
    """ARE or ARCE taxable as wages: less the 10 % deduction (CGI art. 83, 3°)."""
    return amount * (1 - rules.value("ir.salaires.deduction_forfaitaire", _jan(year)))


def vl_allowed(business: Rules, year: int, rfr_two_years_before: float, parts: float) -> bool:
    """CGI art. 151-0: the versement libératoire of `year` needs the reference tax income of
    year − 2 at most the ceiling per part times the parts."""
    return bool(rfr_two_years_before
                <= parts * business.value("vl.rfr_ceiling_per_part", _jan(year)))


def payments(rules: Rules, months: list[dt.date], start: dt.date, micro_share: dict[int, float],
             spontaneous: bool = False) -> np.ndarray:
    """Cash paid each month for the tax of the micro income (acomptes, then the solde; a negative
    solde, too much paid, is refunded in the month of `pas.remboursement.mois`). `micro_share[y]`
    is the part of year y's tax due to the micro income, a year it lacks having none (before the
    activity); `start` the day the activity started, `months[0]` the plan's first month (later
    for an existing activity: `micro_share` then holds the two years before the plan).
    Spontaneous acomptes: each year with no declared income to base them on (the first, and the
    next until August), the year's own tax spread over its months of activity."""
    index = {(d.year, d.month): i for i, d in enumerate(months)}
    shape = np.broadcast_shapes(*(np.shape(v) for v in micro_share.values()))
    out = np.zeros(shape + (len(months),))
    first_year, last_year = months[0].year, months[-1].year
    active = 13 - start.month  # months of activity in the year it started
    paid: dict[int, float] = {}
    for year in range(first_year, last_year + 1):
        switch = int(rules.value("pas.mois_nouvelle_base", _jan(year)))
        for month in range(1, 13):
            if year == start.year and month < start.month:
                continue
            base = year - 1 if month >= switch else year - 2
            if spontaneous and year == start.year:
                amount = micro_share.get(year, 0.0) / active
            elif spontaneous and year == start.year + 1 and month < switch:
                amount = micro_share.get(year, 0.0) / 12
            else:
                amount = micro_share.get(base, 0.0) / 12
            paid[year] = paid.get(year, 0.0) + amount
            if (year, month) in index:
                out[..., index[(year, month)]] += amount
    for year in range(first_year, last_year):
        solde = np.asarray(micro_share.get(year, 0.0) - paid.get(year, 0.0), dtype=float)
        day = _jan(year + 1)
        first = int(rules.value("pas.solde.premier_mois", day))
        parts = int(rules.value("pas.solde.prelevements", day))
        split = solde > rules.value("pas.solde.seuil_fractionnement", day)
        refund = (year + 1, int(rules.value("pas.remboursement.mois", day)))
        if refund in index:
            out[..., index[refund]] += np.minimum(solde, 0.0)
        due = np.maximum(solde, 0.0)
        for k in range(parts):
            key = (year + 1, first + k)
            if key in index:
                out[..., index[key]] += np.where(split, due / parts, due if k == 0 else 0.0)
    return out
