"""Monthly building blocks: the timeline, payment delays, loan schedules, depreciation."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .assumptions import HORIZON, Investment, Loan

DAYS_PER_MONTH = 30.0


def month_starts(start: dt.date, count: int = HORIZON) -> list[dt.date]:
    """First day of each month of the plan, from the start month."""
    first = start.year * 12 + start.month - 1
    return [dt.date((first + m) // 12, (first + m) % 12 + 1, 1) for m in range(count)]


def delay(flows: np.ndarray, days: float) -> np.ndarray:
    """`flows` paid `days` later: a delay of 45 days pays half the next month, half the one
    after. What falls beyond the horizon is not in the result (still owed at the end)."""
    whole, part = divmod(days / DAYS_PER_MONTH, 1.0)
    whole = int(whole)
    out = np.zeros_like(flows)
    n = len(flows)
    if whole < n:
        out[whole:] += flows[: n - whole] * (1 - part)
    if whole + 1 < n:
        out[whole + 1:] += flows[: n - whole - 1] * part
    return out


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
    r = loan.rate / 12
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
        out[i0: i0 + investment.years * 12] = investment.amount / (investment.years * 12)
    return out


def by_year(monthly: np.ndarray) -> np.ndarray:
    """Sums of each 12-month plan year."""
    return monthly.reshape(-1, 12).sum(axis=1)


def year_ends(monthly: np.ndarray) -> np.ndarray:
    """Balances at the end of each plan year."""
    return monthly[11::12]
