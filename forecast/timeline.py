"""The plan's one timeline: its months, plan years, civil years and day counts.

Every monthly series of the engine is an array whose last axis is this timeline's month (a
leading axis, when there is one, holds draws of a simulation). Plan years are the 12-month
periods from the start month (the bank's view); the law is applied by civil year.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

PLAN_YEARS = 3
MONTHS_PER_YEAR = 12
HORIZON = PLAN_YEARS * MONTHS_PER_YEAR  # months
DAYS_PER_MONTH = 30.0  # the commercial month: a payment delay in days, in months
DAYS_PER_YEAR = 365  # days of turnover in a year (BFR and break-even in days)


def month_starts(start: dt.date, count: int = HORIZON) -> tuple[dt.date, ...]:
    """First day of each month of the plan, from the start month."""
    first = start.year * 12 + start.month - 1
    return tuple(dt.date((first + m) // 12, (first + m) % 12 + 1, 1) for m in range(count))


def _frozen(values) -> np.ndarray:
    out = np.array(values)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class Timeline:
    """The months of a plan starting on `start`."""
    start: dt.date
    months: tuple[dt.date, ...]  # first day of each month
    plan_year: np.ndarray  # by month: 0 for the first 12 months, 1, 2
    index: np.ndarray  # by month: 0 … HORIZON - 1

    @classmethod
    def of(cls, start: dt.date) -> "Timeline":
        return cls(start, month_starts(start), _frozen(np.arange(HORIZON) // MONTHS_PER_YEAR),
                   _frozen(np.arange(HORIZON)))

    @property
    def n(self) -> int:
        return len(self.months)

    @property
    def years(self) -> range:
        """The plan years, 0-based."""
        return range(PLAN_YEARS)

    def year_months(self, year: int) -> slice:
        return slice(MONTHS_PER_YEAR * year, MONTHS_PER_YEAR * (year + 1))

    def first_day(self, year: int) -> dt.date:
        return self.months[MONTHS_PER_YEAR * year]

    def last_month(self, year: int) -> dt.date:
        """The first day of the plan year's last month."""
        return self.months[MONTHS_PER_YEAR * year + MONTHS_PER_YEAR - 1]

    def by_year(self, monthly: np.ndarray) -> np.ndarray:
        """Sums of each plan year (last axis: months -> years; a series longer than the plan,
        e.g. a loan's whole schedule, gives its further 12-month periods too)."""
        return _by_year(monthly).sum(axis=-1)

    def year_min(self, monthly: np.ndarray) -> np.ndarray:
        """The lowest value of each plan year."""
        return _by_year(monthly).min(axis=-1)

    def year_ends(self, monthly: np.ndarray) -> np.ndarray:
        """Balances at the end of each plan year."""
        return np.asarray(monthly)[..., MONTHS_PER_YEAR - 1::MONTHS_PER_YEAR]

    def civil_year_months(self, year: int) -> list[int]:
        """Indices of the plan's months in civil year `year`."""
        return [m for m, day in enumerate(self.months) if day.year == year]

    def beyond(self, day: dt.date) -> tuple[int, ...]:
        """The civil years of the plan with months after `day`."""
        return tuple(sorted({d.year for d in self.months if d > day}))


def _by_year(monthly: np.ndarray) -> np.ndarray:
    monthly = np.asarray(monthly)
    return monthly.reshape(*monthly.shape[:-1], -1, MONTHS_PER_YEAR)
