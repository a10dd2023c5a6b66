"""The business plan's financial part in one call: assumptions in, every table out."""
from __future__ import annotations

from dataclasses import dataclass

from .assumptions import Assumptions, parse_assumptions
from .engine import Forecast, compute
from .rules import Rules
from .statements import (balance_sheet, cash_plan, depreciation_table, financing_plan,
                         income_statement, indicators, working_capital)
from .tables import Line, Table, make_table


@dataclass(frozen=True)
class BusinessPlan:
    forecast: Forecast
    tables: dict[str, Table]

    @property
    def assumptions(self) -> Assumptions:
        return self.forecast.assumptions

    def to_json(self) -> dict:
        """Every computed table (README documents this shape)."""
        out = {key: table.records() for key, table in self.tables.items()
               if key != "plan_de_financement_initial"}
        out["plan_de_financement"] = {
            "initial": self.tables["plan_de_financement_initial"].records()[0],
            "annuel": self.tables["plan_de_financement"].records(),
        }
        out["alertes"] = [dict(zip(("date", "code", "message"), row))
                          for row in self.tables["alertes"].rows()[1:]]
        return out


def alerts_table(f: Forecast) -> Table:
    lines = [Line(e.code, f"{e.day:%d/%m/%Y}", (e.code, e.message), "text") for e in f.events]
    lines += [Line("hypothese", "—", ("hypothese", note), "text") for note in f.notes]
    return make_table("alertes", "Alertes", ["Code", "Message"], lines)


def build_plan(assumptions: Assumptions | dict, rules: Rules | None = None) -> BusinessPlan:
    if isinstance(assumptions, dict):
        assumptions = parse_assumptions(assumptions)
    f = compute(assumptions, rules)
    initial, yearly = financing_plan(f)
    tables = {t.key: t for t in (
        income_statement(f), cash_plan(f), balance_sheet(f), working_capital(f),
        depreciation_table(f), initial, yearly, indicators(f), alerts_table(f))}
    return BusinessPlan(f, tables)
