"""What the founder's household lives on, beside the business: ARE or ARCE, the other income of
the household, its income tax and when it is paid, and the drawings the business must provide.

Inputs are the « Porteur de projet » sheet (`Founder`); the business side comes from the
forecast (turnover cashed in, month by month). Monthly arrays have the month as last axis.

- The choice between ARE kept and ARCE (unemployment.py): ARE is the household's income, paid
  monthly; the ARCE is paid into the business (as today's apport/ARCE line).
- The household's income tax by civil year (income_tax.py), with and without the versement
  libératoire, and the cash it takes each month: the tax on the other income (and on ARE or
  ARCE) withheld at source as it is received, spread evenly over the year (assumption); the
  part due to the micro income by acomptes and solde (prélèvement à la source).
- The drawings: with a personal budget, needs + tax paid − other income − ARE (never below 0);
  without one, the drawings typed less the ARE.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import income_tax as it
from .activity import Activity
from .assumptions import ARCE, ARE, Founder
from .micro import SALE, SERVICE, abattement, vl_rate
from .records import Record
from .rules import Rules
from .unemployment import (Arce, KeptAre, Rights, arce, arce_rights_left, counted_income,
                           kept_are)

# --- ARE or ARCE --------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Unemployment:
    """Both options, whichever is chosen, and what the plan receives under the choice."""
    kept: KeptAre
    arce: Arce | None  # None without ACRE: France Travail grants no ARCE
    arce_rights_left: np.ndarray | None  # days left if the business stops, having taken the ARCE
    choice: str

    @property
    def are_paid(self) -> np.ndarray:
        """ARE paid to the household each month under the choice."""
        return self.kept.paid if self.choice == ARE else np.zeros(self.kept.paid.shape)

    @property
    def arce_instalments(self) -> np.ndarray:
        """The ARCE's halves by month, were it chosen (none without ACRE)."""
        out = np.zeros(self.kept.paid.shape[-1])
        if self.arce is None:
            return out
        out[0] += self.arce.first
        if self.arce.second_month < out.size:
            out[self.arce.second_month] += self.arce.second
        return out

    @property
    def arce_paid(self) -> np.ndarray:
        """ARCE instalments paid into the business each month under the choice."""
        return self.arce_instalments if self.choice == ARCE else np.zeros(self.kept.paid.shape[-1])


def _allowances(business: Rules, activity: Activity, months) -> tuple[np.ndarray, np.ndarray]:
    return tuple(np.array([abattement(business, activity, kind, d) for d in months])
                 for kind in (SALE, SERVICE))


def unemployment(ft: Rules, business: Rules, founder: Founder, activity: Activity, months,
                 cashed_sales: np.ndarray, cashed_services: np.ndarray,
                 acre: bool = True) -> Unemployment | None:
    """Both options over the plan's months, or None without rights to ARE; without `acre`, the
    ARE kept only (its rules alone are read: « Règles appliquées » lists no ARCE rule)."""
    if not founder.has_rights:
        return None
    sales_allowance, services_allowance = _allowances(business, activity, months)
    income = counted_income(cashed_sales, cashed_services, sales_allowance, services_allowance)
    rights = Rights(founder.are_daily, founder.are_days, founder.reference_daily_wage)
    kept = kept_are(ft, months, rights, income)
    if not acre:
        return Unemployment(kept, None, None, founder.choice)
    capital = arce(ft, months[0], rights)
    return Unemployment(kept, capital, arce_rights_left(rights, capital, len(months)),
                        founder.choice)


# --- the household's tax and budget ------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class TaxYear:
    """One civil year (the income year) of the household's tax."""
    year: int
    months: int  # months of the plan in the year
    micro_income: np.ndarray  # turnover cashed in after the flat allowance
    taxable: np.ndarray  # the household's other taxable income (other income, ARE or ARCE)
    without_vl: it.Tax  # on taxable + micro income
    vl: np.ndarray  # the versement libératoire the year's turnover would owe
    with_vl: it.Tax  # on taxable, at the rate of taxable + micro income
    vl_allowed: bool | None  # by the RFR of year − 2; None when it was not given
    truncated: bool = False  # the plan ends before the year: its tax is not known

    @property
    def cost_without_vl(self) -> np.ndarray:
        return self.without_vl.due

    @property
    def cost_with_vl(self) -> np.ndarray:
        return self.vl + self.with_vl.due

    @property
    def micro_share(self) -> np.ndarray:
        """The part of the tax (without VL) due to the micro income (as the prélèvement à la
        source's rate makes it: the tax in proportion of the income)."""
        total = self.taxable + self.micro_income
        return np.where(total > 0, self.without_vl.due * self.micro_income
                        / np.maximum(total, 1e-9), 0.0)


@dataclass(frozen=True, eq=False)
class Household(Record):
    """The household beside the business, month by month (arrays) and by civil year."""
    founder: Founder
    months: tuple[dt.date, ...]
    unemployment: Unemployment | None
    years: tuple[TaxYear, ...]
    are: np.ndarray  # ARE received
    arce: np.ndarray  # ARCE paid into the business
    other_income: np.ndarray
    needs: np.ndarray
    tax_paid: np.ndarray  # the household's income tax paid (withheld, acomptes, solde)
    drawings: np.ndarray  # what the business pays the founder

    @property
    def disposable(self) -> np.ndarray:
        """Revenu disponible du foyer: what it receives less the income tax it pays."""
        return self.are + self.drawings + self.other_income - self.tax_paid


def unpaid_drawings(drawings: np.ndarray, cash: np.ndarray) -> np.ndarray:
    """The part of each month's drawings the business cannot pay when it pays what its cash
    allows and never goes below zero for them: `cash` is its cash at each month's end with every
    drawing paid; the drawings left unpaid before stay in the business."""
    unpaid = np.zeros(np.shape(drawings))
    kept = 0.0  # drawings left unpaid so far
    for m in range(unpaid.shape[-1]):
        unpaid[..., m] = np.clip(-(cash[..., m] + kept), 0.0, drawings[..., m])
        kept = kept + unpaid[..., m]
    return unpaid


def civil_years(months) -> list[tuple[int, list[int]]]:
    """Each civil year the months touch, with the indices of its months."""
    out: dict[int, list[int]] = {}
    for i, d in enumerate(months):
        out.setdefault(d.year, []).append(i)
    return list(out.items())


def _vl_owed(business: Rules, activity: Activity, months, sales, services) -> np.ndarray:
    rates = {kind: np.array([vl_rate(business, activity, kind, d) for d in months])
             for kind in (SALE, SERVICE)}
    return sales * rates[SALE] + services * rates[SERVICE]


def existing(start: dt.date, months) -> bool:
    """An activity started before the plan's first month (an existing micro-entreprise)."""
    return (start.year, start.month) < (months[0].year, months[0].month)


def tax_years(tax: Rules, business: Rules, founder: Founder, activity: Activity, months,
              sales: np.ndarray, services: np.ndarray, are: np.ndarray,
              arce_: np.ndarray, start: dt.date | None = None) -> tuple[TaxYear, ...]:
    """The household's tax for each civil year of the plan: the other income of a whole year
    (12 months), the micro income, ARE and ARCE of the plan's months in it. A year the plan
    covers in part is `truncated` when much of its income falls outside the plan: the last
    (the plan leaves it before December) and, for an activity started before the plan (`start`),
    the first."""
    vl = _vl_owed(business, activity, months, sales, services)
    out = []
    years = civil_years(months)
    ends = {len(years) - 1} | ({0} if start and existing(start, months) else set())
    for n, (year, idx) in enumerate(years):
        micro = it.micro_income(tax, business, activity, year, sales[..., idx].sum(axis=-1),
                                services[..., idx].sum(axis=-1))
        taxable = (12 * founder.other_income
                   + it.salary_like(tax, year, are[..., idx].sum(axis=-1)
                                    + arce_[..., idx].sum(axis=-1)))
        allowed = (it.vl_allowed(business, year, founder.rfr_two_years_before, founder.parts)
                   if founder.rfr_two_years_before > 0 else None)
        out.append(TaxYear(
            year, len(idx), micro, taxable,
            it.household_tax(tax, year, taxable + micro, founder.parts, founder.couple),
            vl[..., idx].sum(axis=-1),
            it.household_tax(tax, year, taxable, founder.parts, founder.couple, micro),
            allowed, n in ends and len(idx) < 12))
    return tuple(out)


def nearest_whole(years: tuple[TaxYear, ...], year: int) -> int:
    """The whole civil year of `years` nearest to `year`, the later of two as near: a truncated
    year pays as it, and the years before the plan of an existing activity are taken equal to
    it (assumptions, said on « Revenus du foyer »)."""
    whole = [y.year for y in years if not y.truncated] or [y.year for y in years]
    return min(whole, key=lambda w: (abs(w - year), -w))


def taxes_paid(tax: Rules, years: tuple[TaxYear, ...], months, start: dt.date,
               versement_liberatoire: bool, spontaneous: bool) -> np.ndarray:
    """The household's income tax paid each month: the tax on the other income withheld
    evenly over its year; the micro income's part by acomptes and solde (none with the VL). A
    truncated year pays as the nearest whole year: its withholding, and for an existing
    activity the micro income's tax of the years before the plan (assumption)."""
    shape = np.broadcast_shapes(*(np.shape(y.micro_income) for y in years)) + (len(months),)
    withheld = np.zeros(shape)
    shares, monthly = {}, {}
    for y in years:
        share = 0.0 if versement_liberatoire else y.micro_share
        due = y.with_vl.due if versement_liberatoire else y.without_vl.due
        shares[y.year], monthly[y.year] = share, (due - share) / 12
    for y, (year, idx) in zip(years, civil_years(months)):
        if y.truncated:
            near = nearest_whole(years, year)
            shares[year], monthly[year] = shares[near], monthly[near]
        withheld[..., idx] += np.expand_dims(monthly[year], -1)
    if existing(start, months):
        first = years[0].year
        shares[first - 1] = shares[first - 2] = shares[nearest_whole(years, first - 1)]
    return withheld + it.payments(tax, months, start, shares, spontaneous)


def household(tax: Rules, ft: Rules, business: Rules, founder: Founder, activity: Activity,
              start: dt.date, versement_liberatoire: bool, months, cashed_sales: np.ndarray,
              cashed_services: np.ndarray, typed_drawings: np.ndarray,
              typed_arce: np.ndarray | float = 0.0, acre: bool = True,
              cash_only: bool = False) -> Household:
    """The household month by month; `typed_drawings` are the drawings of the Charges sheet,
    used (less the ARE) when no personal budget is given; `typed_arce` the ARCE typed on the
    Financement sheet, the one received without rights (taxable all the same); without `acre`
    no ARCE is computed from the rights. The household pays its income tax with or without a
    budget (prélèvement à la source); `cash_only`: only where it changes the business's cash,
    with a budget (the tax is then left at zero without one)."""
    shape = np.broadcast_shapes(np.shape(cashed_sales), np.shape(cashed_services))
    rights = unemployment(ft, business, founder, activity, months, cashed_sales,
                          cashed_services, acre)
    are = rights.are_paid if rights else np.zeros(shape)
    arce_ = np.broadcast_to(rights.arce_paid if rights else typed_arce, shape)
    years: tuple[TaxYear, ...] = ()
    tax_paid = np.zeros(shape)
    if founder.has_budget or not cash_only:  # only a budget makes it change the drawings
        years = tax_years(tax, business, founder, activity, months, cashed_sales,
                          cashed_services, are, arce_, start)
        tax_paid = taxes_paid(tax, years, months, start, versement_liberatoire,
                              founder.spontaneous_instalments)
    other = np.full(shape, founder.other_income)
    needs = np.full(shape, founder.monthly_needs)
    if founder.has_budget:
        drawings = np.maximum(0.0, needs + tax_paid - other - are)
    else:
        drawings = np.maximum(0.0, typed_drawings - are)
    return Household(founder, tuple(months), rights, years, are, arce_, other, needs, tax_paid,
                     drawings)
