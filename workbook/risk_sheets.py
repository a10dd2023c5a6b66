"""What the risk doors write: the scenarios side by side (every compute) and the simulation
(« Simuler les risques », `planae risk`) on their output sheets, through the Book protocol.

« Calculer » clears the simulation: its figures belong to the inputs it was run on, and a
simulation of inputs since changed must not stay on the sheet.
"""
from __future__ import annotations

from forecast.french import number
from forecast.plan import BusinessPlan, master_check
from forecast.risk_report import RiskReport, simulation_tables

from . import schema
from .book import Book
from .reader import check_sheets
from .writer import write_sheet

NOT_SIMULATED = ("Simulation à lancer : bouton « Simuler les risques » du ruban (ou « planae "
                 "risk CLASSEUR »). « Calculer » efface la simulation précédente, faite sur "
                 "d'autres saisies.")


def write_risk(book: Book, plan: BusinessPlan, report: RiskReport) -> None:
    check_sheets(book, [s.name for s in schema.RISK_SHEETS])
    check = master_check(plan)
    write_sheet(book, schema.SCENARIO_RESULTS, {"scenarios": report.scenarios}, plan, check)
    s = report.simulation
    if s is None:
        write_sheet(book, schema.RISK_RESULTS, {}, plan, NOT_SIMULATED)
        return
    drawn = number(s.draws)
    write_sheet(book, schema.RISK_RESULTS, simulation_tables(s), plan,
                f"{check} · Simulation : {drawn} tirages, graine {s.seed}")
