"""A table of the business plan: French labels, stable keys, one column per period."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Line:
    """A line of a table: key, French label, one value per column, style."""
    key: str
    label: str
    values: tuple
    style: str = ""  # "", "total", "section" (no values), "percent", "days", "months",
    # "times" (a ratio: 1.8 fois), "text"

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(_plain_number(v) for v in self.values))


@dataclass(frozen=True)
class Table:
    """An output table: key, French title, columns, lines."""
    key: str
    title: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]
    column_keys: tuple[str, ...] = ()

    def line(self, key: str) -> Line:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def value(self, key: str, column: int) -> float:
        return self.line(key).values[column]

    def rows(self, rounded: bool = False) -> list[list]:
        """Header then one row per line: the shape a sheet or a spilled formula shows;
        `rounded`: the values as the JSON gives them (amounts to the cent)."""
        out: list[list] = [[self.title, *self.columns]]
        for line in self.lines:
            values = [None] * len(self.columns) if line.style == "section" else \
                [_plain(v, line.style) if rounded else v for v in line.values]
            out.append([line.label, *values])
        return out

    def records(self) -> list[dict]:
        """One object per column, keyed by line keys (the JSON shape)."""
        keys = self.column_keys or self.columns
        return [
            {"periode": key, **{line.key: _plain(line.values[i], line.style)
                                for line in self.lines if line.style != "section"}}
            for i, key in enumerate(keys)
        ]


def _plain_number(value):
    """numpy scalars to Python floats, so every door (Excel, JSON, PowerPoint) gets plain values."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value == 0:
        return 0.0  # no "-0"
    return value


def _plain(value, style: str = ""):
    """Amounts to the cent; rates (fractions) keep their precision: a loan at 4,5 % is 0.045,
    not 0.04."""
    if not isinstance(value, float):
        return value
    return round(value, 6 if style == "percent" else 2)


def make_table(key: str, title: str, columns: Iterable[str],
               lines: Iterable[Line], column_keys: Iterable[str] = ()) -> Table:
    return Table(key, title, tuple(columns), tuple(lines), tuple(column_keys))
