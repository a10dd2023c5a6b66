"""Arithmetic on the engine's monthly series with fewer temporary arrays: the operations of the
plain expressions, in the same order (so the same bits), written into one new array.

On the draw axis a series is thousands of draws × 36 months, and every temporary array is a
fresh block of memory that the system hands out page by page: most of what a simulation's
draws cost. These helpers make one array where the plain expression makes one per operation.
"""
from __future__ import annotations

import numpy as np


def added(*terms) -> np.ndarray:
    """terms[0] + terms[1] + terms[2] + …, added left to right (at least two terms)."""
    out = np.add(terms[0], terms[1], out=np.empty(np.broadcast_shapes(*map(np.shape, terms))))
    for term in terms[2:]:
        out += term
    return out


def total(series, shape: tuple[int, ...]) -> np.ndarray:
    """sum(series, np.zeros(shape)): +0, then each series added in turn."""
    out = np.zeros(shape)
    for x in series:
        out += x
    return out


def cumulative(monthly: np.ndarray) -> np.ndarray:
    """Running totals along the months (last axis): np.cumsum's sums, in the same order, but a
    month of every draw at a time (numpy's cumsum adds one number at a time: several times
    slower on the draw axis; on one plan's 36 months, numpy's own is the faster)."""
    if np.ndim(monthly) == 1:
        return np.cumsum(monthly, dtype=float)
    out = np.array(monthly, dtype=float)
    for m in range(1, out.shape[-1]):
        out[..., m] += out[..., m - 1]
    return out
