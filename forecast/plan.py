"""The business plan's financial part in one call: assumptions in, every table out."""
from __future__ import annotations

from dataclasses import dataclass

from .alerts import Alert, all_alerts, benchmarks_from
from .assumptions import Assumptions, Problem, parse_assumptions
from .engine import Forecast, compute
from .rules import Rules, load_rules
from .statements import (balance_sheet, cash_plan, depreciation_table, financing_plan,
                         income_statement, indicators, working_capital)
from .tables import Line, Table, make_table

SEVERITY_LABELS = {"bloquant": "Bloquant", "attention": "Attention", "info": "Info"}


@dataclass(frozen=True)
class BusinessPlan:
    forecast: Forecast
    tables: dict[str, Table]
    alerts: tuple[Alert, ...]

    @property
    def assumptions(self) -> Assumptions:
        return self.forecast.assumptions

    def to_json(self) -> dict:
        """Every computed table (README documents this shape)."""
        out = {key: table.records() for key, table in self.tables.items()
               if key not in ("plan_de_financement_initial", "alertes")}
        out["plan_de_financement"] = {
            "initial": self.tables["plan_de_financement_initial"].records()[0],
            "annuel": self.tables["plan_de_financement"].records(),
        }
        out["alertes"] = [{"gravite": a.severity, "code": a.code, "message": a.message,
                           "reference": where(a)} for a in self.alerts]
        return out


def where(alert: Alert) -> str:
    """Where the alert points, in words (the workbook turns the path into a cell)."""
    return Problem(alert.path, "", "").where() if alert.path else (alert.output or "")


def alerts_table(alerts: tuple[Alert, ...]) -> Table:
    lines = [Line(a.code, SEVERITY_LABELS[a.severity], (a.code, a.message, where(a)), "text")
             for a in alerts]
    return make_table("alertes", "Alertes", ["Sujet", "Message", "Concerne"], lines)


def build_plan(assumptions: Assumptions | dict, rules: Rules | None = None) -> BusinessPlan:
    """Parse (from a dict), compute, and roll up every table and alert. A dict may carry the
    person's edited benchmarks under "benchmarks" (rows of key, low, high)."""
    benchmarks = None
    if isinstance(assumptions, dict):
        benchmarks = benchmarks_from(assumptions.get("benchmarks"))
        assumptions = parse_assumptions(assumptions)
    rules = rules.fork() if rules is not None else load_rules()
    f = compute(assumptions, rules)
    alerts = tuple(all_alerts(f, benchmarks, rules))
    initial, yearly = financing_plan(f)
    tables = {t.key: t for t in (
        income_statement(f), cash_plan(f), balance_sheet(f), working_capital(f),
        depreciation_table(f), initial, yearly, indicators(f), alerts_table(alerts))}
    return BusinessPlan(f, tables, alerts)
