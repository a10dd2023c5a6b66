"""The business plan's financial part in one call: assumptions in, every table out."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .applied import rules_records, rules_table
from .alerts import Alert, Benchmark, Severity, all_alerts, parse_benchmarks
from .assumptions import Assumptions, InvalidAssumptions, Problem, parse_assumptions
from .checks import wrong_sums
from .engine import Forecast, compute
from .financers import (Financers, financer_alerts, parse_financers, read_plan,
                        readings_table)
from .financing import FinancingNeed, financing_need
from .household_alerts import household_alerts
from .household_tables import Comparison, comparison_json, household_outputs
from .lending import lending_tables
from .risks import draft
from .rules import Rules, load_rules
from .statements import (balance_sheet, cash_plan, depreciation_table, financing_plan,
                         income_statement, indicators, working_capital)
from .tables import Line, Table, make_table

# ARE against ARCE is one object of its own (`are_arce`); the household month by month, the
# side by side and the assumptions are for the sheet
NOT_IN_JSON = ("foyer_mois", "are_arce_synthese", "are_arce_conseil", "hypotheses_foyer")


@dataclass(frozen=True, eq=False)
class BusinessPlan:
    """A computed plan: its forecast, every output table, its alerts and financing need."""
    forecast: Forecast
    tables: dict[str, Table]
    alerts: tuple[Alert, ...]
    need: FinancingNeed
    comparison: Comparison | None = None  # ARE against ARCE, None without rights

    @property
    def assumptions(self) -> Assumptions:
        return self.forecast.assumptions

    def to_json(self) -> dict:
        """Every computed table (README documents this shape)."""
        out = {key: table.records() for key, table in self.tables.items()
               if key not in ("plan_de_financement_initial", "besoin_financement", "alertes",
                              "regles", "lecture_financeurs", *NOT_IN_JSON)}
        out["plan_de_financement"] = {
            "initial": self.tables["plan_de_financement_initial"].records()[0],
            "annuel": self.tables["plan_de_financement"].records(),
            "besoin": self.tables["besoin_financement"].records()[0],
        }
        out["lecture_financeurs"] = [
            {"regle": line.key, "financeur": line.label,
             **dict(zip(("libelle", "attendu", "plan", "verdict", "nature"), line.values))}
            for line in self.tables["lecture_financeurs"].lines]
        out["are_arce"] = comparison_json(self.comparison) if self.comparison else None
        out["alertes"] = [{"gravite": a.severity, "sujet": a.topic.label, "code": a.code,
                           "message": a.message, "reference": where(a)} for a in self.alerts]
        out["regles"] = rules_records(self.tables["regles"])
        return out


def where(alert: Alert) -> str:
    """Where the alert points, in words (the workbook turns the path into a cell)."""
    return Problem(alert.path, "", "").where() if alert.path else (alert.output or "")


def master_check(plan: BusinessPlan) -> str:
    """The one line on top of every output sheet: do the statements hold, what is blocking."""
    t = plan.tables
    balanced = all(abs(a - p) < 0.01 for a, p in zip(t["bilan"].line("total_actif").values,
                                                     t["bilan"].line("total_passif").values))
    cash = t["tresorerie"].line("tresorerie_fin").values
    ends = plan.forecast.timeline.year_ends(np.array(cash))
    closes = all(abs(c - v) < 0.01 for c, v in
                 zip(ends, t["plan_de_financement"].line("tresorerie_fin").values))
    counts = {s: sum(a.severity == s for a in plan.alerts)
              for s in (Severity.BLOQUANT, Severity.ATTENTION)}
    wrong = wrong_sums(t)
    ok = balanced and closes and not wrong and not counts[Severity.BLOQUANT]
    parts = [("bilan équilibré" if balanced else "BILAN DÉSÉQUILIBRÉ"),
             ("trésorerie conforme au plan de financement" if closes else
              "TRÉSORERIE ≠ PLAN DE FINANCEMENT"),
             ("totaux des tableaux justes" if not wrong else
              "TOTAUX FAUX : " + ", ".join(wrong[:3]) + ("…" if len(wrong) > 3 else "")),
             f"{counts[Severity.BLOQUANT]} alerte(s) bloquante(s), "
             f"{counts[Severity.ATTENTION]} point(s) "
             f"d'attention (feuille Alertes)"]
    return f"Contrôles {'✔' if ok else '✖'} : " + " · ".join(parts)


def need_table(need: FinancingNeed) -> Table:
    solution = {"aucun": "Aucun financement supplémentaire", "emprunt": "Emprunt bancaire",
                "apport": "Apport supplémentaire"}[need.kind]
    if need.short:
        solution += " (insuffisant)"
    loan = need.loan if need.kind == "emprunt" else None
    return make_table("besoin_financement", "Financement proposé (Équilibrer le financement)",
                      ["Proposition"], [
                          Line("solution", "Solution", (solution,), "text"),
                          Line("montant", "Montant", (need.amount,)),
                          Line("duree", "Durée", (loan.months if loan else None,), "months"),
                          Line("taux", "Taux annuel", (loan.rate if loan else None,), "percent"),
                          Line("explication", "Explication", (need.message,), "text")])


RISK_COLUMN = "Phrase proposée pour « Risques et parades »"


def alerts_table(alerts: tuple[Alert, ...], f: Forecast) -> Table:
    """The alerts as the person reads them: no internal code, and for each the line it
    proposes for the written part's « Risques et parades » (forecast.risks)."""
    lines = [Line(a.code, a.severity.label,
                  (a.topic.label, a.message, where(a), draft(a, f) or ""), "text")
             for a in alerts]
    return make_table("alertes", "Alertes", ["Sujet", "Message", "Concerne", RISK_COLUMN],
                      lines)


def parse_plan(data: dict) -> tuple[Assumptions, tuple[Benchmark, ...], Financers]:
    """The assumptions of an input dict, with the person's edited benchmarks ("benchmarks": rows
    of key, low, high) and financers' rules ("financer_rules": rows of key, value); every
    problem of the three raised at once (InvalidAssumptions)."""
    benchmarks, problems = parse_benchmarks(data.get("benchmarks"))
    financers, more = parse_financers(data.get("financer_rules"))
    problems += more
    try:
        assumptions = parse_assumptions(data)
    except InvalidAssumptions as e:
        raise InvalidAssumptions(e.problems + problems) from None
    if problems:
        raise InvalidAssumptions(problems)
    return assumptions, benchmarks, financers


def build_plan(assumptions: Assumptions | dict, rules: Rules | None = None,
               benchmarks: tuple[Benchmark, ...] | None = None,
               financers: Financers | None = None) -> BusinessPlan:
    """Compute, and roll up every table and alert; from a dict, parse it first (parse_plan)."""
    if isinstance(assumptions, dict):
        assumptions, benchmarks, financers = parse_plan(assumptions)
    rules = (rules or load_rules()).recording()  # notes the law this plan reads
    f = compute(assumptions, rules)
    readings = read_plan(f, financers)
    home = household_outputs(f, rules)
    alerts = tuple(sorted(all_alerts(f, benchmarks, rules) + financer_alerts(readings, financers)
                          + household_alerts(f, home),
                          key=lambda a: a.severity.rank))
    need = financing_need(assumptions, rules, f)
    initial, yearly = financing_plan(f)
    tables = {t.key: t for t in (
        income_statement(f), cash_plan(f), balance_sheet(f), working_capital(f),
        depreciation_table(f), initial, yearly, need_table(need), *lending_tables(f),
        readings_table(readings, financers), indicators(f), *home.tables,
        alerts_table(alerts, f), rules_table(rules))}
    return BusinessPlan(f, tables, alerts, need, home.comparison)
