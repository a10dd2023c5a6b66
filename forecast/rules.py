"""French rules of the micro-entreprise regime, read from dated data (data/rules.toml).

A value is looked up by parameter key and date. A date after `covered_until` gets the latest
known value (the forecast reports which of its years are past `covered_until`); a date before
the first value is an error. Rules are immutable: one loaded set serves every computation.
"""
from __future__ import annotations

import bisect
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

DATA_FILE = Path(__file__).with_name("data") / "rules.toml"


class RulesError(ValueError):
    """A rule asked for a date or a parameter the data does not hold."""


@dataclass(frozen=True)
class DatedValue:
    start: dt.date
    value: float
    source: str


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    values: tuple[DatedValue, ...]

    def at(self, day: dt.date) -> DatedValue:
        starts = [v.start for v in self.values]
        i = bisect.bisect_right(starts, day) - 1
        if i < 0:
            raise RulesError(
                f"« {self.label} » n'est pas connu avant le {self.values[0].start:%d/%m/%Y} "
                f"(date demandée : {day:%d/%m/%Y})."
            )
        return self.values[i]


@dataclass(frozen=True, eq=False)
class Rules:
    covered_until: dt.date
    parameters: Mapping[str, Parameter]

    def param(self, key: str) -> Parameter:
        try:
            return self.parameters[key]
        except KeyError:
            raise RulesError(f"Paramètre réglementaire inconnu : {key}") from None

    def value(self, key: str, day: dt.date) -> float:
        """The value in force on `day`; past `covered_until`, the latest one."""
        return self.param(key).at(day).value

    def source(self, key: str, day: dt.date) -> str:
        return self.param(key).at(day).source


@lru_cache(maxsize=4)
def load_rules(path: Path = DATA_FILE) -> Rules:
    """The rules of `path` (read once)."""
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    params = {}
    for key, spec in raw["parameters"].items():
        values = tuple(
            DatedValue(v["from"], v["value"], v["source"])
            for v in sorted(spec["values"], key=lambda v: v["from"])
        )
        params[key] = Parameter(key, spec["label"], values)
    return Rules(raw["covered_until"], MappingProxyType(params))

