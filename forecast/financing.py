"""The financing that keeps cash at or above the minimum every month.

Cash is affine in a loan's amount: a loan adds its cash flows (funds received, interest and
capital repaid) scaled by its amount, and nothing else in the cash plan depends on it (levies
are due on turnover, the income-tax estimate on turnover too). So from the plan's own forecast
and the cash effect of 1 € of the loan, the smallest amount is found in closed form: no second
run of the plan, no search. The same holds for an apport paid in the first month (1 € more
cash every month). Precision: 1 €, rounded up; tolerance: half a cent. A proposal is never an
amount the inputs would refuse (`MAX_AMOUNT`, a loan's or the apport's bound): past it, the
solver says so and proposes the most that can be typed.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace

import numpy as np

from .assumptions import Assumptions, Loan, parse_assumptions
from .engine import Forecast, compute
from .fields import MAX_AMOUNT  # the largest apport or loan amount the inputs accept
from .rules import Rules
from .schedule import loan_schedule
from .french import euros, percent
from .timeline import PLAN_YEARS

PRECISION = 1.0  # euros
TOLERANCE = 0.005  # euros: cash this far under the minimum still counts as at the minimum


@dataclass(frozen=True)
class FinancingNeed:
    """What the financing solver proposes: nothing, a loan or an apport, and its amount."""
    kind: str  # "aucun", "emprunt" or "apport"
    amount: float  # the loan's whole amount, or the apport to add
    loan_index: int | None  # the loan row resized; None: a new row
    loan: Loan | None
    message: str
    short: float = 0.0  # cash still missing at the lowest month, past the inputs' bound


def _ceil(x: float) -> float:
    return math.ceil(x / PRECISION - 1e-9) * PRECISION


def cash_per_euro(loan: Loan, n: int) -> np.ndarray:
    """The loan's effect on cash at each month's end, per euro borrowed (€/€): what 1 € of it
    brings in, less the capital and interest it has cost so far."""
    unit = loan_schedule(replace(loan, amount=1.0), n)
    return np.cumsum(unit.received - unit.principal - unit.interest)


def smallest_amount(gap: np.ndarray, per_euro: np.ndarray) -> float | None:
    """The smallest amount L ≥ 0, to the euro, with L × per_euro ≥ gap − TOLERANCE every month,
    or None when there is none (a month short where the loan brings nothing, or repayments
    that dig a month under the minimum before the amount covers the others).

    Notes
    -----
    Each month m gives one linear constraint on L: L ≥ (gap_m − t) / e_m where e_m > 0,
    L ≤ (gap_m − t) / e_m where e_m < 0, and gap_m ≤ t where e_m = 0 (t the tolerance).
    """
    need = gap - TOLERANCE
    helps, hurts = per_euro > 0, per_euro < 0
    if (need[~helps & ~hurts] > 0).any():
        return None
    low = max(0.0, float((need[helps] / per_euro[helps]).max(initial=0.0)))
    amount = _ceil(low)
    if hurts.any() and amount > float((need[hurts] / per_euro[hurts]).min()):
        return None
    return amount


def financing_need(a: Assumptions, rules: Rules | None = None,
                   forecast: Forecast | None = None) -> FinancingNeed:
    """The smallest bank loan (the first one typed, resized; else a new one at the typed
    terms) keeping cash ≥ minimum every month; else the apport to add. `forecast` is the plan's
    own forecast when the caller has it (else it is computed, once)."""
    f = forecast or compute(a, rules)
    fin, minimum = a.financing, a.project.minimum_cash
    index = next((i for i, l in enumerate(fin.loans) if l.kind == "banque"), None)
    loan = fin.loans[index] if index is not None else Loan(
        "Emprunt bancaire à solliciter", 0.0, fin.new_loan_rate, fin.new_loan_months)
    per_euro = cash_per_euro(loan, f.timeline.n)
    gap = minimum - (f.cash.balance - loan.amount * per_euro)  # without the loan
    if not (gap > TOLERANCE).any():
        return FinancingNeed("aucun", 0.0, index, replace(loan, amount=0.0),
                             "La trésorerie reste au-dessus du minimum chaque mois sans "
                             "emprunt bancaire : aucun financement supplémentaire n'est "
                             "nécessaire.")
    interest = loan_schedule(replace(loan, amount=1.0), f.timeline.n).interest.sum()
    caf = float(f.pnl.caf.sum()) + loan.amount * interest
    amount = smallest_amount(gap, per_euro) if caf > 0 else None
    if amount is not None and amount <= MAX_AMOUNT:
        terms = (f"{euros(amount)} sur {loan.months} mois à {percent(loan.rate, 2)}"
                 f", débloqué le mois {loan.month}, pour garder au moins {euros(minimum)} de "
                 f"trésorerie chaque mois")
        effect = (f"ce montant remplace celui de « {loan.label} » saisi ({euros(loan.amount)})"
                  if index is not None else
                  "c'est un nouvel emprunt, qui s'ajoute aux financements saisis")
        return FinancingNeed("emprunt", amount, index, replace(loan, amount=amount),
                             f"Emprunt bancaire nécessaire : {terms} ; {effect}.")
    apport = _ceil(float((minimum - f.cash.balance).max()) - TOLERANCE)  # added to the plan
    if apport <= 0:
        return FinancingNeed("aucun", 0.0, None, None,
                             "La trésorerie reste au-dessus du minimum chaque mois avec les "
                             "financements saisis : aucun financement supplémentaire n'est "
                             "nécessaire.")
    if amount is not None:
        reason = (f"il faudrait emprunter {euros(amount)}, quand le montant d'un emprunt ne "
                  f"peut dépasser {euros(MAX_AMOUNT)} dans le plan")
    elif caf <= 0:
        reason = (f"l'activité ne dégage pas de capacité d'autofinancement sur {PLAN_YEARS} "
                  "ans : un emprunt ne ferait que reporter le manque, et ne pourrait pas être "
                  "remboursé")
    else:
        reason = ("le manque survient avant le déblocage de l'emprunt ou ses remboursements le "
                  "creusent")
    return _apport_need(apport, fin.apport,
                        f"Aucun emprunt ne peut équilibrer ce plan ({reason}).")


def _apport_need(apport: float, typed: float, why: str) -> FinancingNeed:
    """The apport to add at the start; past the inputs' bound on the apport, the most that can
    be typed, and the cash it leaves missing (an apport adds its amount to every month)."""
    room = max(0.0, MAX_AMOUNT - typed)
    if apport <= room:
        return FinancingNeed(
            "apport", apport, None, None,
            f"{why} Apport supplémentaire nécessaire : {euros(apport)} au démarrage, qui "
            f"s'ajoute à l'apport saisi ({euros(typed)}). Revoyez aussi les hypothèses "
            f"d'activité et de charges.")
    most = (f"le plus possible est d'ajouter {euros(room)} à l'apport" if room else
            "l'apport saisi est déjà au plus grand montant possible")
    return FinancingNeed(
        "apport", room, None, None,
        f"{why} Il faudrait {euros(apport)} d'apport en plus, soit un apport de "
        f"{euros(typed + apport)} : plus que le plan n'accepte ({euros(MAX_AMOUNT)} au plus). "
        f"Ce plan ne peut pas être équilibré par son financement : {most}, et la trésorerie "
        f"resterait {euros(apport - room)} sous le minimum au plus bas. Revoyez les hypothèses "
        f"d'activité et de charges.", short=apport - room)


def input_changes(a: Assumptions, need: FinancingNeed) -> tuple[dict[tuple, float], dict | None]:
    """What to write into the inputs to adopt `need`: values by assumptions path, and a new
    loan row when no bank loan was typed."""
    if need.kind == "apport":
        return {("financing", "apport"): a.financing.apport + need.amount}, None
    if need.kind == "emprunt" and need.loan_index is not None:
        return {("financing", "loans", need.loan_index, "amount"): need.amount}, None
    if need.kind == "emprunt":
        l = need.loan
        return {}, {"label": l.label, "kind": "banque", "amount": l.amount, "rate": l.rate,
                    "months": l.months, "deferral": l.deferral, "month": l.month}
    return {}, None


def apply_need(data: dict, need: FinancingNeed) -> dict:
    """A copy of the input dict with the proposed financing written in."""
    values, new_loan = input_changes(parse_assumptions(data), need)
    out = copy.deepcopy(data)
    for path, value in values.items():
        node = out
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    if new_loan:
        out.setdefault("financing", {}).setdefault("loans", []).append(new_loan)
    return out
