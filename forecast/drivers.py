"""What a simulation may draw: the drivers of a plan, by offer and by charge.

Every array has the month as its last axis (or a length-1 axis broadcast over the months); a
leading axis, when there is one, holds the draws. `Drivers.of` gives the plan as typed.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from .assumptions import Assumptions
from .records import Record
from .schedule import later


def _quantities(offer) -> np.ndarray:
    q1 = np.asarray(offer.quantities, dtype=float)
    q2 = q1 * (1 + offer.growth_y2)
    return np.concatenate([q1, q2, q2 * (1 + offer.growth_y3)])


@dataclass(frozen=True, eq=False)
class Drivers(Record):
    """The plan's drivers that a simulation may draw: by offer, units sold each month
    (..., months), price HT and unit cost (€, shape (..., 1)), customer payment delay (days,
    (..., 1), fractional months allowed); by charge, its monthly amount before indexation
    (€, (..., 1)). A leading axis, when there is one, holds the draws."""
    quantities: tuple[np.ndarray, ...]
    prices: tuple[np.ndarray, ...]
    unit_costs: tuple[np.ndarray, ...]
    payment_days: tuple[np.ndarray, ...]
    charges: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, a: Assumptions) -> "Drivers":
        """The plan as typed (no draw axis)."""
        one = lambda x: np.array([float(x)])  # noqa: E731
        return cls(tuple(_quantities(o) for o in a.offers),
                   tuple(one(o.unit_price) for o in a.offers),
                   tuple(one(o.unit_cost) for o in a.offers),
                   tuple(one(o.payment_days) for o in a.offers),
                   tuple(one(c.monthly_amount) for c in a.charges))

    @classmethod
    def stack(cls, draws: list["Drivers"]) -> "Drivers":
        """Several drivers of the same plan as one batch (a leading axis of draws)."""
        return cls(*(tuple(np.stack(items) for items in zip(*(getattr(d, f.name) for d in draws)))
                     for f in fields(cls)))

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of a monthly series: (..., months). Each distinct shape is broadcast once
        (numpy makes an array of each shape it is given: one per offer and charge otherwise)."""
        return np.broadcast_shapes(*{x.shape for f in fields(self) for x in getattr(self, f.name)})

    def delayed(self, months) -> "Drivers":
        """Activity starting `months` later on the same timeline (an integer, or one per
        draw, shape (..., 1)): the quantities slide right, nothing sells before."""
        return replace(self, quantities=tuple(later(q, np.asarray(months, dtype=int))
                                              for q in self.quantities))
