"""The financer's own reading of the plan: each financer's rules as editable data with their
sources (data/financers.toml), applied to the plan for the financers the person approaches.

A rule compares a measure of the plan with a threshold (at least / at most). Each reading says
whether the plan meets it and, when not, by how much (the euros or months missing or too
many); a broken rule is an alert for the author, in the workbook.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .alerts import Alert
from .assumptions import FieldReader, Problem
from .engine import Forecast
from .fields import FINANCER_RULE
from .french import euros, months, percent, times
from .lending import debt_cover
from .statements import initial_plan
from .tables import Line, Table, make_table

DATA_FILE = Path(__file__).with_name("data") / "financers.toml"
NATURES = {"règle": "règle publiée", "usage": "usage, sans texte"}


@dataclass(frozen=True)
class Rule:
    """A financer's rule: a measure of the plan at least or at most a value, with its source."""
    key: str
    financer: str
    label: str
    measure: str
    bound: str  # "min" or "max"
    value: float
    unit: str  # "%", "€", "mois", "fois" or ""
    nature: str  # "règle" or "usage"
    source: str
    severity: str = "attention"

    def show(self, x: float) -> str:
        if self.unit == "%":
            return percent(x, 0)
        if self.unit == "€":
            return euros(x)
        if self.unit == "fois":
            return times(x)
        if self.unit == "mois":
            return months(x)
        return "oui" if x >= 1 else "non"

    @property
    def expected(self) -> str:
        return f"{'au moins' if self.bound == 'min' else 'au plus'} {self.show(self.value)}"


@dataclass(frozen=True)
class Financers:
    """The financers' names and their rules."""
    labels: dict[str, str]  # financer key -> French name
    rules: tuple[Rule, ...]


@lru_cache(maxsize=1)
def default_financers() -> Financers:
    with open(DATA_FILE, "rb") as f:
        raw = tomllib.load(f)
    return Financers({x["key"]: x["label"] for x in raw["financer"]},
                     tuple(Rule(**r) for r in raw["rule"]))


def parse_financers(rows: list[dict] | None) -> tuple[Financers, list[Problem]]:
    """The default rules with the thresholds a person edited (rows of key and value, located as
    ("financer_rules", row, "value"))."""
    r = FieldReader()
    base = default_financers()
    edited = {}
    by_key = {rule.key: rule for rule in base.rules}
    for i, row in enumerate(rows or ()):
        rule = by_key.get(str(row.get("key") or "").strip())
        if rule is None:
            continue
        value = r.number(row, ("financer_rules", i, "value"), rule.label, default=rule.value,
                         hi=1 if rule.unit == "%" else FINANCER_RULE["value"].hi,
                         unit=rule.unit)
        edited[rule.key] = replace(rule, value=value)
    return Financers(base.labels, tuple(edited.get(x.key, x) for x in base.rules)), r.problems


# --- what the plan shows, for each measure -------------------------------------------------

@dataclass(frozen=True)
class Measured:
    """A measure of the plan for a rule, with what it is a share of and the input to change."""
    value: float
    base: float = 0.0  # what a share is of (needs, investment, honour loans), for the gap
    path: tuple | None = None  # the input to change


def _loans(f: Forecast, kind: str):
    return [(i, l) for i, l in enumerate(f.assumptions.financing.loans) if l.kind == kind]


def _first(pairs, field: str) -> tuple | None:
    return ("financing", "loans", pairs[0][0], field) if pairs else None


def _own_funds_share(f: Forecast) -> Measured | None:
    plan = initial_plan(f)
    resources = {k: v for k, _, v in plan.resources}
    own = sum(resources.get(k, 0.0) for k in ("tresorerie_depart", "apport", "arce",
                                               "prets_honneur"))
    needs = plan.total_needs
    return Measured(own / needs, needs, ("financing", "apport")) if needs > 0 else None


def _bank_share_of_investment(f: Forecast) -> Measured | None:
    needs = {k: v for k, _, v in initial_plan(f).needs}
    invested = needs.get("investissements", 0.0) + needs.get("frais_demarrage", 0.0)
    bank = _loans(f, "banque")
    if not bank or invested <= 0:
        return None
    return Measured(sum(l.amount for _, l in bank) / invested, invested,
                    _first(bank, "amount"))


def _debt_cover(f: Forecast) -> Measured | None:
    cover = debt_cover(f)
    ratios = [r for r in cover.ratio if r is not None]
    if not ratios:
        return None
    worst = min(range(len(cover.ratio)), key=lambda y: cover.ratio[y]
                if cover.ratio[y] is not None else float("inf"))
    return Measured(cover.ratio[worst], float(cover.principal[worst]),
                    ("operations", "drawings_monthly"))


def _bank_leverage(f: Forecast) -> Measured | None:
    honour = _loans(f, "honneur")
    total = sum(l.amount for _, l in honour)
    if total <= 0:
        return None
    bank = sum(l.amount for _, l in _loans(f, "banque"))
    return Measured(bank / total, total, _first(honour, "amount"))


def _honour_share(f: Forecast) -> Measured | None:
    honour = _loans(f, "honneur")
    needs = initial_plan(f).total_needs
    if not honour or needs <= 0:
        return None
    return Measured(sum(l.amount for _, l in honour) / needs, needs, _first(honour, "amount"))


def _own_cash(f: Forecast) -> Measured | None:
    if not _loans(f, "honneur"):
        return None
    p = f.assumptions.project
    return Measured(p.opening_cash + f.assumptions.financing.apport, 0.0,
                    ("financing", "apport"))


def _months(kind: str) -> Callable[[Forecast], Measured | None]:
    def measure(f: Forecast) -> Measured | None:
        loans = _loans(f, kind)
        if not loans:
            return None
        i, longest = max(loans, key=lambda pair: pair[1].months)
        return Measured(longest.months, 0.0, ("financing", "loans", i, "months"))
    return measure


def _amount(kind: str) -> Callable[[Forecast], Measured | None]:
    def measure(f: Forecast) -> Measured | None:
        loans = _loans(f, kind)
        if not loans:
            return None
        return Measured(sum(l.amount for _, l in loans), 0.0, _first(loans, "amount"))
    return measure


def _arce_with_acre(f: Forecast) -> Measured | None:
    if f.assumptions.financing.arce <= 0:
        return None
    return Measured(1.0 if f.assumptions.project.acre else 0.0, 0.0, ("project", "acre"))


MEASURES: dict[str, Callable[[Forecast], Measured | None]] = {
    "own_funds_share": _own_funds_share,
    "bank_share_of_investment": _bank_share_of_investment,
    "debt_cover": _debt_cover,
    "bank_leverage": _bank_leverage,
    "honour_share": _honour_share,
    "own_cash": _own_cash,
    "honour_months": _months("honneur"),
    "microcredit_amount": _amount("microcrédit"),
    "microcredit_months": _months("microcrédit"),
    "arce_with_acre": _arce_with_acre,
}


def picked_by_default(f: Forecast) -> set[str]:
    """The financers the plan itself points at, when the person has not picked any: the bank
    with a bank loan, Initiative France with an honour loan, France Travail with the ARCE."""
    fin = f.assumptions.financing
    kinds = {l.kind for l in fin.loans}
    picked = {"banque"} if "banque" in kinds else set()
    picked |= {"initiative"} if "honneur" in kinds else set()
    picked |= {"adie"} if "microcrédit" in kinds else set()
    picked |= {"arce"} if fin.arce > 0 else set()
    return picked


# --- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """A rule applied to the plan: met or not, and by how much."""
    rule: Rule
    measured: Measured | None  # None: nothing in the plan for this rule

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        x, v = self.measured.value, self.rule.value
        return x >= v - 1e-9 if self.rule.bound == "min" else x <= v + 1e-9

    @property
    def gap(self) -> str:
        """How far the plan is from the rule, in what the person can change."""
        m, rule = self.measured, self.rule
        short = (rule.value - m.value) if rule.bound == "min" else (m.value - rule.value)
        if rule.unit in ("%", "fois") and m.base:
            amount = short * m.base
            return f"il manque {euros(amount)}" if rule.bound == "min" else \
                f"{euros(amount)} de trop"
        if rule.unit in ("€", "mois"):
            shown = rule.show(short)
            return f"il manque {shown}" if rule.bound == "min" else f"{shown} de trop"
        return "condition non remplie"

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "Sans objet pour ce plan"
        return "Respectée" if self.met else f"Non respectée : {self.gap}"


def read_plan(f: Forecast, financers: Financers | None = None,
              picked: set[str] | None = None) -> list[Reading]:
    """The rules of the financers approached (by default those the plan points at)."""
    financers = financers or default_financers()
    picked = picked_by_default(f) if picked is None else picked
    out = []
    for rule in financers.rules:
        if rule.financer not in picked:
            continue
        out.append(Reading(rule, MEASURES[rule.measure](f)))
    return out


def financer_alerts(readings: list[Reading], financers: Financers | None = None) -> list[Alert]:
    labels = (financers or default_financers()).labels
    alerts = []
    for r in readings:
        if r.met is not False:
            continue
        rule = r.rule
        alerts.append(Alert(
            rule.severity, f"financeur_{rule.key}",
            f"{labels[rule.financer]} — {rule.label} : {rule.show(r.measured.value)} pour "
            f"{rule.expected} ({NATURES[rule.nature]}) : {r.gap}.", r.measured.path,
            "Plan de financement"))
    return alerts


def readings_table(readings: list[Reading], financers: Financers | None = None) -> Table:
    labels = (financers or default_financers()).labels
    lines = [Line(r.rule.key, labels[r.rule.financer],
                  (r.rule.label, r.rule.expected,
                   r.rule.show(r.measured.value) if r.measured else "—", r.verdict,
                   NATURES[r.rule.nature]), "text") for r in readings]
    return make_table("lecture_financeurs", "Lecture des financeurs sollicités",
                      ["Règle", "Attendu", "Plan", "Verdict", "Nature"], lines)
