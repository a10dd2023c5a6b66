"""VAT once the franchise is lost: when it is due, what is deducted, and when it is paid.

- Due on goods at delivery, the month they are invoiced (CGI art. 269, 2, a); on services when
  the customer pays (CGI art. 269, 2, c).
- Deducted from it: the VAT on the expenses of the months liable (CGI art. 271), on goods the
  month they are bought, on services the month they are paid; what exceeds the VAT due is a
  credit carried forward to the next payments.
- Paid under the régime réel simplifié a micro-entrepreneur falls into (CGI art. 302 septies A;
  annexe II art. 242 sexies): the annual return, filed in May, pays the balance of the year
  before and fixes the instalments of July and December, a share of that year's VAT due before
  the VAT on fixed assets, none under a minimum — so nothing is paid during the first year
  liable. Or, on option, monthly returns: each month's VAT paid the month after.

Every array has the month as its last axis and may carry a leading axis of draws.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .arrays import cumulative
from .french import euros, percent
from .records import Record
from .rules import Rules

RATE_KEYS = ("tva.taux_normal", "tva.taux_intermediaire", "tva.taux_reduit",
             "tva.taux_particulier")


def rates(rules: Rules, day: dt.date) -> tuple[float, ...]:
    """The VAT rates an offer may carry on `day`, highest first, and 0 (exempt)."""
    return tuple(rules.value(key, day) for key in RATE_KEYS) + (0.0,)


def vat_inside(amount, rate):
    """The VAT inside an amount all taxes included at `rate`."""
    return amount * rate / (1 + rate)


def payments(rules: Rules, months, net: np.ndarray, fixed_asset_vat: np.ndarray,
             monthly: bool) -> np.ndarray:
    """VAT paid each month, in €.

    Parameters
    ----------
    rules : Rules
        The simplified regime's calendar and instalments (``tva.rsi.*``: months 1 to 12,
        shares as fractions, the minimum in €).
    months : sequence of datetime.date
        First day of each month of the plan.
    net : ndarray
        Each month's VAT due, collected less deducted, in € (negative: a credit), shape
        (..., months).
    fixed_asset_vat : ndarray
        The VAT on fixed assets deducted that month, in €, left out of the instalments' base.
    monthly : bool
        Monthly returns on option (CGI art. 287): each month pays what the months before it
        still owe.

    Returns
    -------
    ndarray
        VAT paid each month, in €, the shape of `net`.

    Notes
    -----
    Simplified regime (CGI annexe II art. 242 sexies): in May the balance of the closed civil
    years less what they already paid (a credit left is kept); in July and December the
    instalments, 55 % and 40 % (rules data) of the previous year's VAT before the VAT on fixed
    assets, none when that base is under 1 000 €, less any credit. No return precedes the
    first year liable, so it pays no instalment. Example: 3 000 € due in 2026, none of it on
    fixed assets: 3 000 € in May 2027, then 1 650 € in July and 1 200 € in December 2027 on
    account of 2027.
    """
    net = np.asarray(net, dtype=float)
    fixed_asset_vat = np.broadcast_to(fixed_asset_vat, net.shape)
    so_far = cumulative(net)
    paid = np.zeros(net.shape)
    settled = np.zeros(net.shape[:-1])  # paid for the periods closed
    instalments = np.zeros(net.shape[:-1])  # paid on account of the current civil year
    bases: dict[int, np.ndarray] = {}  # by civil year: the instalments' base, last year's
    for m, day in enumerate(months):
        if monthly:
            paid[..., m] = np.maximum(0.0, (so_far[..., m - 1] if m else 0.0) - settled)
            settled = settled + paid[..., m]
            continue
        if day.month == 1:
            settled, instalments = settled + instalments, np.zeros_like(instalments)
        last_year = [i for i in range(m) if months[i].year == day.year - 1]
        closed = so_far[..., last_year[-1]] if last_year else 0.0
        if day.month == rules.value("tva.rsi.mois_solde", day):
            paid[..., m] = np.maximum(0.0, closed - settled)
            settled = settled + paid[..., m]
        else:
            if day.year not in bases:
                bases[day.year] = (net[..., last_year] + fixed_asset_vat[..., last_year]).sum(
                    axis=-1)
            paid[..., m] = _instalment(rules, day, bases[day.year], settled - closed)
            instalments = instalments + paid[..., m]
    return paid


def _instalment(rules: Rules, day: dt.date, base: np.ndarray, credit) -> np.ndarray:
    """The simplified regime's instalment of `day`'s month (zero but in July and December): a
    share of `base`, last year's VAT before the VAT on fixed assets, none under the minimum,
    less the credit left from the closed years."""
    shares = {rules.value("tva.rsi.mois_acompte_1", day): rules.value("tva.rsi.acompte_1", day),
              rules.value("tva.rsi.mois_acompte_2", day): rules.value("tva.rsi.acompte_2", day)}
    due = np.where(base >= rules.value("tva.rsi.dispense_acomptes", day),
                   shares.get(day.month, 0.0) * base, 0.0)
    return np.maximum(0.0, due - np.maximum(credit, 0.0))


@dataclass(frozen=True, eq=False)
class VatAccount(Record):
    """VAT month by month: invoiced to customers, collected (due), deductible on the expenses
    (`accrued` when incurred; `deductible` when the right to deduct arises), paid; at each
    month's end what is owed (the VAT due and unpaid, and the VAT invoiced not due yet) and the
    credit (VAT paid or deducted beyond what is due, and the VAT of expenses not deductible yet),
    worked out when read (the cash plan does not need them).
    Cumulated: invoiced − accrued = paid + owed − credit."""
    invoiced: np.ndarray
    collected: np.ndarray
    accrued: np.ndarray
    deductible: np.ndarray
    paid: np.ndarray

    @property
    def _due(self) -> np.ndarray:
        """VAT due and unpaid at each month's end (negative: a credit)."""
        return cumulative(self.collected - self.deductible - self.paid)

    @property
    def owed(self) -> np.ndarray:
        return np.maximum(self._due, 0.0) + cumulative(self.invoiced - self.collected)

    @property
    def credit(self) -> np.ndarray:
        return np.maximum(-self._due, 0.0) + cumulative(self.accrued - self.deductible)


def account(rules: Rules, months, invoiced: np.ndarray, collected: np.ndarray,
            accrued: np.ndarray, deductible: np.ndarray, fixed_asset_vat: np.ndarray,
            monthly: bool) -> VatAccount:
    paid = payments(rules, months, collected - deductible, fixed_asset_vat, monthly)
    return VatAccount(invoiced, collected, accrued, deductible, paid)


def regime(rules: Rules, day: dt.date, monthly: bool) -> str:
    """How the VAT is declared and paid, in French."""
    if monthly:
        return ("déclarations mensuelles (sur option) : la TVA de chaque mois est payée le mois "
                "suivant (CGI art. 287)")
    first, second = (rules.value(f"tva.rsi.acompte_{i}", day) for i in (1, 2))
    minimum = rules.value("tva.rsi.dispense_acomptes", day)
    return (f"régime réel simplifié : la déclaration annuelle, en mai, paie le solde de l'année "
            f"précédente et fixe les acomptes de juillet ({percent(first, 0)}) et de décembre "
            f"({percent(second, 0)}) de sa TVA hors immobilisations (aucun sous "
            f"{euros(minimum)}) ; rien n'est donc payé avant le mois de mai qui suit la première "
            f"année de TVA (CGI ann. II art. 242 sexies)")
