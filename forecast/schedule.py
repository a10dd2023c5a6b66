"""Monthly building blocks: payment delays, loan schedules, depreciation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assumptions import Investment, Loan
from .timeline import DAYS_PER_MONTH, HORIZON, MONTHS_PER_YEAR


def delay(flows: np.ndarray, days) -> np.ndarray:
    """`flows` paid `days` later: a delay of 45 days pays half the next month, half the one
    after. What falls beyond the horizon is not in the result (still owed at the end).

    `days` is a number or, for draws, an array of shape (..., 1) against `flows` (..., months).
    """
    whole, part = np.divmod(np.asarray(days, dtype=float) / DAYS_PER_MONTH, 1.0)
    flows = np.asarray(flows, dtype=float)
    flows = np.broadcast_to(flows, np.broadcast_shapes(flows.shape, np.shape(whole)))
    source = np.arange(flows.shape[-1]) - whole.astype(int)

    def shifted(by):
        i = np.broadcast_to(source - by, flows.shape)
        return np.where(i >= 0, np.take_along_axis(flows, np.maximum(i, 0), axis=-1), 0.0)

    return shifted(0) * (1 - part) + shifted(1) * part


@dataclass(frozen=True)
class LoanSchedule:
    received: np.ndarray
    interest: np.ndarray
    principal: np.ndarray
    outstanding: np.ndarray  # at the end of each month


def loan_schedule(loan: Loan, n: int = HORIZON) -> LoanSchedule:
    """Constant instalments after an interest-only deferral; first payment the month after
    the funds are received."""
    received, interest, principal, outstanding = (np.zeros(n) for _ in range(4))
    i0 = loan.month - 1
    received[i0] = loan.amount
    r = loan.rate / MONTHS_PER_YEAR
    repaying = loan.months - loan.deferral
    annuity_factor = 1 - (1 + r) ** -repaying
    instalment = (loan.amount * r / annuity_factor if annuity_factor > 0 else
                  loan.amount / repaying)
    balance = loan.amount
    outstanding[i0] = balance
    for k in range(1, loan.months + 1):
        m = i0 + k
        if m >= n:
            break
        interest[m] = balance * r
        if k > loan.deferral:
            principal[m] = min(instalment - interest[m], balance) if k < loan.months else balance
        balance -= principal[m]
        outstanding[m] = balance
    return LoanSchedule(received, interest, principal, outstanding)


def depreciation(investment: Investment, n: int = HORIZON) -> np.ndarray:
    """Straight line by month, the month of purchase counted whole; none if expensed."""
    out = np.zeros(n)
    if investment.years > 0:
        i0 = investment.month - 1
        out[i0: i0 + investment.years * MONTHS_PER_YEAR] = investment.amount / (investment.years * MONTHS_PER_YEAR)
    return out
