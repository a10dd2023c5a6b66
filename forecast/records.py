"""Frozen records of read-only arrays: what each block of the engine returns."""
from __future__ import annotations

from dataclasses import fields

import numpy as np


def _read_only(value):
    if isinstance(value, np.ndarray):
        view = value.view()
        view.setflags(write=False)
        return view
    if isinstance(value, tuple):
        return tuple(_read_only(v) for v in value)
    return value


class Record:
    """Base of a frozen dataclass whose arrays (alone or in tuples) are read-only views.
    Declared `eq=False`, as every record of arrays: arrays have no single truth of equality
    (== between two records raised), so a record is equal to itself only."""

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _read_only(getattr(self, f.name)))

    def arrays(self, prefix: str = "") -> dict[str, np.ndarray]:
        """Every array of the record and of the records it holds, by dotted name
        (`by_offer.0` for a tuple's items)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            name = prefix + f.name
            if isinstance(value, np.ndarray):
                out[name] = value
            elif isinstance(value, Record):
                out.update(value.arrays(name + "."))
            elif isinstance(value, tuple):
                out.update({f"{name}.{i}": v for i, v in enumerate(value)
                            if isinstance(v, np.ndarray)})
        return out
