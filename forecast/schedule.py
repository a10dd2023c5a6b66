"""Monthly building blocks: payment delays, loan schedules, depreciation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assumptions import Investment, Loan
from .timeline import DAYS_PER_MONTH, HORIZON, MONTHS_PER_YEAR


def delay(flows: np.ndarray, days) -> np.ndarray:
    """Monthly flows paid `days` later, split between two months.

    Parameters
    ----------
    flows : ndarray, shape (..., months)
        Amounts invoiced each month (€).
    days : float or ndarray of shape (..., 1)
        Payment delay in days (one per draw when an array); any non-negative value.

    Returns
    -------
    ndarray, shape (..., months)
        Amounts paid each month (€). What falls beyond the horizon is left out (still owed
        at the end of the plan).

    Notes
    -----
    The delay in months is d = days / 30 (the commercial month), split into whole months
    w = ⌊d⌋ and a fraction p = d − w: the flow of month m is paid (1 − p) in month m + w and
    p in month m + w + 1. A delay of 45 days pays half the next month, half the one after.
    """
    whole, part = np.divmod(np.asarray(days, dtype=float) / DAYS_PER_MONTH, 1.0)
    first = later(flows, whole.astype(int))
    if not part.any() and not np.signbit(first).any():
        return first  # whole months: first × 1 + second × 0 is first when none is < 0 or −0
    second = later(first, 1)  # a month later still
    return first * (1 - part) + second * part


def later(flows: np.ndarray, months) -> np.ndarray:
    """`flows` (..., months) moved `months` later: a whole number of months ≥ 0, or one per
    draw of shape (..., 1). Nothing in the months before; what moves past the horizon is left
    out. A slice of `flows` for each distinct number of months (the draws take few), copied
    into the draws that take it."""
    months = np.asarray(months)
    flows = np.asarray(flows, dtype=float)
    out = np.zeros(np.broadcast_shapes(flows.shape, months.shape))
    n = out.shape[-1]
    shifts = sorted(set(months.ravel().tolist()))  # np.unique would import numpy.ma (7 ms)
    if len(shifts) == 1:
        if shifts[0] < n:
            out[..., shifts[0]:] = flows[..., :n - shifts[0]]
        return out
    rows = out.reshape(-1, n)
    flows = np.broadcast_to(flows, out.shape).reshape(-1, n)
    by_row = np.broadcast_to(months, out.shape[:-1] + (1,)).reshape(-1)
    for w in shifts:
        if w < n:
            which = np.flatnonzero(by_row == w)
            rows[which, w:] = flows[which, :n - w]
    return out


@dataclass(frozen=True, eq=False)
class LoanSchedule:
    """A loan month by month: funds received, interest, principal repaid, principal outstanding."""
    received: np.ndarray
    interest: np.ndarray
    principal: np.ndarray
    outstanding: np.ndarray  # at the end of each month


def loan_schedule(loan: Loan, n: int = HORIZON) -> LoanSchedule:
    """A loan's monthly schedule: constant instalments after an interest-only deferral.

    Parameters
    ----------
    loan : Loan
        Amount (€), yearly rate (fraction), whole duration in months (deferral included),
        deferral in months, month of release (1 = the plan's first month).
    n : int
        Months of the schedule from the plan's first month (the horizon by default; longer to
        see the whole loan).

    Returns
    -------
    LoanSchedule
        Funds received, interest, principal repaid (€ a month) and the principal outstanding
        at each month's end.

    Notes
    -----
    The first payment is due the month after the release. With r the monthly rate (yearly
    rate / 12), P the amount and N the months of repayment after the deferral:

    - during the deferral each payment is interest only, P × r;
    - then each instalment is the annuity A = P × r / (1 − (1 + r)^−N) (A = P / N at 0 %),
      of which interest is r × the principal outstanding and the rest repays principal; the
      last instalment repays what is left.

    These are the spreadsheet functions PMT, IPMT and PPMT (tests/test_spreadsheet.py checks
    them against LibreOffice Calc's where it is installed).
    """
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
    """Straight-line depreciation by month (€), the month of purchase counted whole.

    Parameters
    ----------
    investment : Investment
        Amount (€ TTC: under the VAT franchise VAT is not recovered), month of purchase
        (1 = the plan's first month), useful life in years (0: expensed at once, no
        depreciation).
    n : int
        Months of the result.

    Returns
    -------
    ndarray, shape (n,)
        The depreciation charge of each month: amount / (12 × years) from the month of
        purchase for 12 × years months, 0 elsewhere.

    Notes
    -----
    The prorata is by whole month (the month of purchase counts in full) rather than by day
    as the PCG's linear method would: a simplification of a forecast, stated here. An
    investment bought in month 4 of a plan year has 9 months of depreciation that year.

    References
    ----------
    Plan comptable général (règlement ANC n° 2014-03), art. 214-13: depreciation spreads the
    depreciable amount over the asset's useful life.
    """
    out = np.zeros(n)
    if investment.years > 0:
        i0 = investment.month - 1
        out[i0: i0 + investment.years * MONTHS_PER_YEAR] = investment.amount / (investment.years * MONTHS_PER_YEAR)
    return out
