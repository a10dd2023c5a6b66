"""The financing that keeps cash at or above the minimum every month.

Cash is affine in a loan's amount (the loan adds its cash flows scaled by the amount; nothing
else in the plan depends on it), so the smallest loan is found exactly from one run without the
loan and the schedule of a 1 € loan, then checked by a full run. Precision: 1 €, rounded up.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace

import numpy as np

from .assumptions import Assumptions, Loan, parse_assumptions
from .engine import compute
from .rules import Rules
from .schedule import loan_schedule
from .thresholds import euros
from .timeline import PLAN_YEARS

PRECISION = 1.0  # euros
TOLERANCE = 0.005


@dataclass(frozen=True)
class FinancingNeed:
    kind: str  # "aucun", "emprunt" or "apport"
    amount: float  # the loan's whole amount, or the apport to add
    loan_index: int | None  # the loan row resized; None: a new row
    loan: Loan | None
    message: str


def _gap(a: Assumptions, rules: Rules | None) -> np.ndarray:
    """How far below the minimum cash is each month (negative: above)."""
    return a.project.minimum_cash - compute(a, rules).cash.balance


def _ceil(x: float) -> float:
    return math.ceil(x / PRECISION - 1e-9) * PRECISION


def financing_need(a: Assumptions, rules: Rules | None = None) -> FinancingNeed:
    """The smallest bank loan (the first one typed, resized; else a new one at the typed
    terms) keeping cash ≥ minimum every month; else the apport to add."""
    fin = a.financing
    index = next((i for i, l in enumerate(fin.loans) if l.kind == "banque"), None)
    loan = fin.loans[index] if index is not None else Loan(
        "Emprunt bancaire à solliciter", 0.0, fin.new_loan_rate, fin.new_loan_months)
    others = tuple(l for i, l in enumerate(fin.loans) if i != index)
    without = replace(a, financing=replace(fin, loans=others))
    f0 = compute(without, rules)
    gap = a.project.minimum_cash - f0.cash.balance
    short = gap > TOLERANCE
    if not short.any():
        return FinancingNeed("aucun", 0.0, index, replace(loan, amount=0.0),
                             "La trésorerie reste au-dessus du minimum chaque mois sans "
                             "emprunt bancaire : aucun financement supplémentaire n'est "
                             "nécessaire.")
    unit = loan_schedule(replace(loan, amount=1.0))
    per_euro = np.cumsum(unit.received - unit.principal - unit.interest)
    earns = float((f0.pnl.result + f0.investments.depreciation).sum()) > 0
    if earns and (per_euro[short] > 0).all():
        amount = _ceil(float((gap[short] / per_euro[short]).max()))
        sized = replace(loan, amount=amount)
        check = replace(a, financing=replace(fin, loans=others + (sized,)))
        while (_gap(check, rules) > TOLERANCE).any():  # float noise only: a step or two
            amount += PRECISION
            sized = replace(loan, amount=amount)
            check = replace(a, financing=replace(fin, loans=others + (sized,)))
        return FinancingNeed(
            "emprunt", amount, index, sized,
            f"Emprunt bancaire nécessaire : {euros(amount)} sur {loan.months} mois à "
            f"{loan.rate * 100:.2f} %".replace(".", ",") +
            f", débloqué le mois {loan.month}, pour garder au moins "
            f"{euros(a.project.minimum_cash)} de trésorerie chaque mois.")
    typed_gap = gap if index is None else _gap(a, rules)  # the apport adds to the plan
    apport = _ceil(float(typed_gap.max()))
    reason = (f"l'activité ne dégage pas de capacité d'autofinancement sur {PLAN_YEARS} ans : "
              "un emprunt ne ferait que reporter le manque, et ne pourrait pas être remboursé"
              if not earns
              else "le manque survient avant le déblocage de l'emprunt ou ses remboursements le "
                   "creusent")
    return FinancingNeed(
        "apport", apport, None, None,
        f"Aucun emprunt ne peut équilibrer ce plan ({reason}). Apport supplémentaire "
        f"nécessaire : {euros(apport)} au démarrage. Revoyez aussi les hypothèses d'activité "
        f"et de charges.")


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
