"""The law as dated data: rates, ceilings and thresholds by date, each with its unit and source.

Data files share one format (TOML): `covered_until`, the last day the data are known to be
right, and `[parameters."key"]` tables with a `label`, a `unit`, an optional `keyed_by` and
dated `values` (`from`, `value`, `source`). One file per domain — the micro-entreprise regime
(data/rules.toml, the engine's default), unemployment (data/chomage.toml), income tax
(data/impot_revenu.toml) — and `load_rules` merges any of them (a key defined twice is an
error). A value is looked up by key and date; `keyed_by = "date de début d'activité"` means
the date that selects it is the activity's start, not the day it applies to. A date after
`covered_until` gets the latest known value (the forecast reports which of its years are past
it); a date before the first value is an error. The data cover the days from `covered_from`,
the first day every parameter has a value, to `covered_until`: `check_year` refuses a year
outside them, in French, where no note can state the assumption (a formula's answer). Rules are immutable: one loaded set serves
every computation; `Rules.recording()` gives a view that notes what a computation read.
"""
from __future__ import annotations

import bisect
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .errors import PlanaeError
from .french import date

DATA_DIR = Path(__file__).with_name("data")
DATA_FILE = DATA_DIR / "rules.toml"
START_DATE = "date de début d'activité"  # the one `keyed_by` besides the day itself


class RulesError(PlanaeError, ValueError):
    """A rule asked for a date or a parameter the data does not hold."""
    exit_code = 7


@dataclass(frozen=True)
class DatedValue:
    """A parameter's value from `start` on, with its legal source."""
    start: dt.date
    value: float
    source: str


@dataclass(frozen=True)
class Parameter:
    """One legal parameter of the rules data: its values by date (or by start date)."""
    key: str
    label: str
    unit: str  # "taux" (a fraction: 0.212 = 21,2 %), "€", "mois", "jours", "décimales"…
    values: tuple[DatedValue, ...]
    keyed_by: str = "date"  # or START_DATE

    def at(self, day: dt.date) -> DatedValue:
        starts = [v.start for v in self.values]
        i = bisect.bisect_right(starts, day) - 1
        if i < 0:
            raise RulesError(
                f"« {self.label} » n'est pas connu avant le {date(self.values[0].start)} "
                f"(date demandée : {date(day)})."
            )
        return self.values[i]


@dataclass(frozen=True, eq=False)
class Rules:
    """The legal parameters of one or several data files, read by date."""
    covered_until: dt.date
    parameters: Mapping[str, Parameter]
    # if noted: (key, from) -> (Parameter, DatedValue), shared by the views of one computation
    used: dict | None = field(default=None, repr=False)
    # (key, day, start) -> (Parameter, DatedValue) already looked up: the engine reads the same
    # values month after month, plan after plan (shared by every view of these parameters)
    found: dict = field(default_factory=dict, repr=False)

    def param(self, key: str) -> Parameter:
        try:
            return self.parameters[key]
        except KeyError:
            raise RulesError(f"Paramètre réglementaire inconnu : {key}") from None

    def dated(self, key: str, day: dt.date, start: dt.date | None = None) -> DatedValue:
        """The dated value in force on `day` (on `start` for a parameter keyed by the start
        date); past `covered_until`, the latest one."""
        hit = self.found.get((key, day, start))
        if hit is None:
            p = self.param(key)
            if p.keyed_by == START_DATE and start is None:
                raise RulesError(f"« {p.label} » dépend de la date de début d'activité.")
            hit = self.found[(key, day, start)] = (
                p, p.at(start if p.keyed_by == START_DATE else day))
        if self.used is not None:
            self.used[(key, hit[1].start)] = hit
        return hit[1]

    def value(self, key: str, day: dt.date, start: dt.date | None = None) -> float:
        return self.dated(key, day, start).value

    def source(self, key: str, day: dt.date) -> str:
        return self.param(key).at(day).source

    @property
    def covered_from(self) -> dt.date:
        """The first day every parameter has a value: the latest of their first dates."""
        return max(p.values[0].start for p in self.parameters.values())

    def check_year(self, year: int) -> None:
        """Refuse a civil year the data do not cover, with a French message."""
        first, last = self.covered_from, self.covered_until
        if not (first <= dt.date(year, 1, 1) and dt.date(year, 12, 31) <= last):
            raise RulesError(f"Année {year} : les règles que planae connaît couvrent l'activité "
                             f"du {date(first)} au {date(last)}.")

    def recording(self) -> "Rules":
        """The same rules, noting in `used` every dated value read (one per computation: the
        « Règles appliquées » of a plan)."""
        return Rules(self.covered_until, self.parameters, {}, self.found)

    def noting(self, other: "Rules") -> "Rules":
        """`other` (the rules of another domain: unemployment, income tax), noting what it reads
        where these rules note theirs: one computation's law in one « Règles appliquées »."""
        return other if self.used is None else Rules(other.covered_until, other.parameters,
                                                     self.used, other.found)


def _read(path: Path) -> tuple[dt.date, dict[str, Parameter]]:
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    params = {}
    for key, spec in raw["parameters"].items():
        if not spec.get("unit"):
            raise RulesError(f"{path.name} : « {key} » n'a pas d'unité.")
        values = tuple(
            DatedValue(v["from"], v["value"], v["source"])
            for v in sorted(spec["values"], key=lambda v: v["from"])
        )
        keyed_by = spec.get("keyed_by", "date")
        if keyed_by not in ("date", START_DATE):
            raise RulesError(f"{path.name} : « {key} » : keyed_by inconnu ({keyed_by}).")
        params[key] = Parameter(key, spec["label"], spec["unit"], values, keyed_by)
    return raw["covered_until"], params


@lru_cache(maxsize=8)
def load_rules(*paths: Path) -> Rules:
    """The rules of one or several data files (read once), merged; rules.toml by default.
    `covered_until` is the earliest of the files'."""
    merged: dict[str, Parameter] = {}
    covered = []
    for path in paths or (DATA_FILE,):
        until, params = _read(path)
        twice = merged.keys() & params.keys()
        if twice:
            raise RulesError(f"{path.name} : paramètres déjà définis : {', '.join(sorted(twice))}")
        merged.update(params)
        covered.append(until)
    return Rules(min(covered), MappingProxyType(merged))
