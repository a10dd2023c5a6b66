"""What the CLI and the Excel ribbon ask of the workbook: build, compute, balance.

`compute_book` is the one path both doors share: read the inputs, build the plan, write the
outputs. Files are written atomically; the input workbook is never modified unless asked
(`in_place`, after a backup).
"""
from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils.exceptions import InvalidFileException

from openpyxl.utils.cell import get_column_letter

from forecast.assumptions import InvalidAssumptions, parse_assumptions
from forecast.engine import compute
from forecast.errors import FileError, UsageError, WorkbookError
from forecast.examples import example_data
from forecast.financing import FinancingNeed, financing_need, input_changes
from forecast.plan import BusinessPlan, build_plan, parse_plan
from forecast.risk_inputs import RiskInputs, parse_risk
from forecast.risk_report import RiskReport, risk_report, simulation_tables
from forecast.tables import Table

from . import schema
from .book import Book
from .openpyxl_book import OpenpyxlBook
from .reader import Locator, read_inputs
from .risk_sheets import write_risk
from .writer import write_outputs

EXAMPLE_FILES = {"graphiste": "exemple-graphiste.xlsx", "bijoux": "exemple-bijoux.xlsx"}


@dataclass(frozen=True)
class Computed:
    plan: BusinessPlan
    risk: RiskReport
    narrative: dict  # the written part, as read with the inputs (report.deck's plain data)

    def to_json(self) -> dict:
        return {**self.plan.to_json(), **self.risk.to_json()}

    def tables(self) -> dict[str, Table]:
        """Every output table, by key."""
        out = {**self.plan.tables, "scenarios": self.risk.scenarios}
        if self.risk.simulation is not None:
            out.update(simulation_tables(self.risk.simulation))
        return out


def _parse(data: dict, locator: Locator) -> tuple[tuple, RiskInputs]:
    """The plan's inputs (parse_plan) and the risk settings; every problem of both at once,
    located."""
    problems = []
    try:
        inputs = parse_plan(data)
    except InvalidAssumptions as e:
        problems += e.problems
    try:
        settings = parse_risk(data.get("risk"))
    except InvalidAssumptions as e:
        problems += e.problems
    if problems:
        raise locator.located(InvalidAssumptions(problems))
    return inputs, settings


def compute_all(book: Book, simulated: bool = False, draws: int | None = None,
                seed: int | None = None, write: bool = True) -> Computed:
    """Read the inputs (the written part included, once), compute the plan and its scenarios
    (and, with `simulated`, the simulation), write every output sheet — unless `write` is
    False (an export from a file, whose workbook is not kept). Bad inputs raise
    InvalidAssumptions whose problems name the sheet and cell (« Offre!E8 — Prix unitaire
    HT : … »), before anything is written."""
    data, locator = read_inputs(book)
    (assumptions, benchmarks, financers), settings = _parse(data, locator)
    plan = build_plan(assumptions, benchmarks=benchmarks, financers=financers)
    report = risk_report(plan.assumptions, settings, simulated=simulated, draws=draws,
                         seed=seed, typed=plan.forecast)
    if write:
        write_outputs(book, plan, locator)
        write_risk(book, plan, report)
    return Computed(plan, report, data["narrative"])


def compute_book(book: Book) -> BusinessPlan:
    """« Calculer » and `planae compute`: the plan and its scenarios, written."""
    return compute_all(book).plan


def check_book(book: Book) -> None:
    """Check the inputs without writing anything (« Vérifier »): raises what compute_book
    would raise, each problem naming its cell. Only what can refuse a plan runs — the inputs
    parsed and the forecast computed (the law covering the plan's dates) —, not the tables,
    alerts, solver and scenarios of a whole compute."""
    data, locator = read_inputs(book)
    (assumptions, _, _), _ = _parse(data, locator)
    compute(assumptions)


def build_template(path: Path) -> Path:
    from .template import build_workbook  # not needed to compute a workbook
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return OpenpyxlBook(build_workbook()).save(path)


def build_example(data: dict, path: Path) -> Path:
    """An example's workbook, inputs filled from `data`, outputs computed."""
    from .template import build_workbook
    book = OpenpyxlBook(build_workbook(data))
    compute_book(book)
    return book.save(path)


def build_examples(dist: Path) -> list[Path]:
    dist = Path(dist)
    dist.mkdir(parents=True, exist_ok=True)
    return [build_example(example_data(name), dist / filename)
            for name, filename in EXAMPLE_FILES.items()]


def default_output(path: Path, suffix: str = "calcule") -> Path:
    return path.with_name(f"{path.stem}-{suffix}{path.suffix}")


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-sauvegarde{path.suffix}")


def _load(path: Path) -> OpenpyxlBook:
    """The workbook at `path`, or a French WorkbookError saying why it cannot be read."""
    if not path.is_file():
        raise FileError(f"Classeur introuvable : « {path} ».")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookError(f"« {path.name} » n'est pas un classeur Excel (.xlsx ou .xlsm).")
    try:
        return OpenpyxlBook.load(path)
    except PermissionError:
        raise FileError(f"« {path.name} » ne peut pas être lu : accès refusé (est-il ouvert "
                            f"dans Excel ?).") from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException):
        raise WorkbookError(f"« {path.name} » ne peut pas être lu comme un classeur Excel : le "
                            f"fichier est abîmé ou n'est pas au format .xlsx.") from None


def _writable(target: Path) -> Path:
    """`target`, if its folder exists; else a French WorkbookError."""
    if not target.parent.is_dir():
        raise FileError(f"Le dossier « {target.parent} » n'existe pas : créez-le ou "
                            f"choisissez un autre fichier de sortie.")
    return target


def compute_file(path: Path, out: Path | None = None, in_place: bool = False,
                 json_path: Path | None = None, simulated: bool = False,
                 draws: int | None = None, seed: int | None = None,
                 csv_dir: Path | None = None) -> Path:
    """Compute a workbook file. Without `out` the result goes to NAME-calcule.xlsx beside it
    (NAME-risques.xlsx with the simulation) and the input is left untouched; `in_place` writes
    over it after copying it to NAME-sauvegarde.xlsx. `json_path`: every table in JSON too;
    `csv_dir`: one CSV file per table in that folder (workbook/csv_tables.py). Returns the
    path written."""
    path = Path(path)
    if in_place and out:
        raise UsageError("Choisissez --in-place (écrire dans le classeur) ou -o (écrire "
                            "ailleurs), pas les deux.")
    default = default_output(path, "risques" if simulated else "calcule")
    target = path if in_place else _writable(Path(out) if out else default)
    if not in_place and target.resolve() == path.resolve():
        raise FileError("Le fichier de sortie est le classeur lui-même : utilisez "
                            "--in-place (une sauvegarde est faite avant).")
    if json_path:
        _writable(Path(json_path))
    if csv_dir:
        from .csv_tables import check_folder
        check_folder(Path(csv_dir))
    book = _load(path)
    computed = compute_all(book, simulated, draws, seed)
    if in_place:
        shutil.copy2(path, backup_path(path))
    book.save(target)
    if json_path:
        _write_json(Path(json_path), computed.to_json())
    if csv_dir:
        from .csv_tables import write_csv
        write_csv(computed.tables(), Path(csv_dir))
    return target


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(path)


def balance_book(book: Book) -> FinancingNeed:
    """Write the financing the solver proposes into the inputs — the first bank loan's amount,
    a new loan row, or the apport — then compute. Only the ribbon's « Équilibrer » (after the
    person confirms) and `balance_file` (on a copy) call it: it is the one path that writes
    into input cells."""
    data, locator = read_inputs(book)
    try:
        assumptions = parse_assumptions(data)
    except InvalidAssumptions as e:
        raise locator.located(e) from None
    need = financing_need(assumptions)
    values, new_loan = input_changes(assumptions, need)
    for path, value in values.items():
        sheet, _, cell = locator.cell(path).rpartition("!")
        book.write_range(sheet, cell, [[value]])
    if new_loan:
        _write_new_loan(book, locator, new_loan)
    compute_book(book)
    return need


def _write_new_loan(book: Book, locator, values: dict) -> None:
    """The proposed loan in the first empty row of the loans table."""
    spot = locator.tables[schema.LOANS.path]
    free = [r for r in range(spot.first_row, spot.last_row + 1) if r not in spot.rows]
    if not free:
        raise WorkbookError("Le tableau des emprunts (feuille Financement) est plein : ajoutez "
                            "une ligne au tableau puis relancez « Équilibrer le financement ».")
    cols = {key: cols[0] for key, cols in spot.columns.items()}
    first, last = min(cols.values()), max(cols.values())
    by_col = {c: values.get(key) for key, c in cols.items()}
    book.write_range(spot.sheet, f"{get_column_letter(first)}{free[0]}",
                     [[by_col.get(c) for c in range(first, last + 1)]])


def default_balanced(path: Path) -> Path:
    return path.with_name(f"{path.stem}-equilibre{path.suffix}")


def balance_file(path: Path, out: Path | None = None) -> tuple[Path, str]:
    """A copy of the workbook with the proposed financing written into its inputs and
    computed; the workbook itself is left untouched."""
    path = Path(path)
    target = _writable(Path(out) if out else default_balanced(path))
    if target.resolve() == path.resolve():
        raise FileError("Le fichier de sortie est le classeur lui-même : « Équilibrer » "
                            "écrit toujours dans une copie en ligne de commande.")
    book = _load(path)
    need = balance_book(book)
    return book.save(target), need.message
