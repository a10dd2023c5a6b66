"""What the CLI and the Excel ribbon ask of the workbook: build, compute, balance.

`compute_book` is the one path both doors share: read the inputs, build the plan, write the
outputs. Files are written atomically; the input workbook is never modified unless asked
(`in_place`, after a backup).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from openpyxl.utils.cell import get_column_letter

from forecast.assumptions import parse_assumptions
from forecast.engine import compute
from forecast.errors import UsageError, WorkbookError
from forecast.examples import example_data
from forecast.financing import FinancingNeed, financing_need, input_changes
from forecast.plan import BusinessPlan, build_plan, parse_plan
from forecast.risk_inputs import RiskInputs, parse_risk
from forecast.risk_report import RiskReport, risk_report, simulation_tables
from forecast.tables import Table

from . import schema, sheet_reader
from .book import Book
from .files import Writer, capital, check_outputs, json_bytes, read_input, write_files
from .openpyxl_book import OpenpyxlBook
from .patched_book import PatchedBook
from .reader import Locator, read_inputs
from .risk_sheets import write_risk
from .sheet_patch import NotPatchable
from .writer import write_outputs

T = TypeVar("T")
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
    inputs, settings = locator.checked(lambda: parse_plan(data),
                                       lambda: parse_risk(data.get("risk")))
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


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an Excel 97-2003 file, or a workbook under a password
WORKBOOK_TYPES = (b"sheet.main+xml", b"sheet.macroEnabled.main+xml")


def open_workbook(path: Path, data: bytes | None = None, inputs_only: bool = False,
                  patched: bool = False) -> OpenpyxlBook | PatchedBook:
    """The person's workbook (its bytes `data` when already read), or a French error saying
    why it cannot be used and what to do. An .xlsm keeps its macros (openpyxl's keep_vba: the
    VBA project is copied as it was and the file stays a macro workbook). `inputs_only`: the
    sheets computing fills are not loaded, for a command that reads the inputs and never
    saves the workbook (an export); they never are when the values cached of the inputs'
    formulas are loaded. `patched`: a PatchedBook, whose output sheets are written into the
    file's own XML (the whole workbook through openpyxl when they cannot be: NotPatchable)."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise WorkbookError(f"« {path.name} » n'est pas un classeur Excel (.xlsx ou .xlsm).")
    data = read_input(path) if data is None else data
    if not data:
        raise WorkbookError(f"« {path.name} » est vide (0 octet) : ce n'est plus un classeur. "
                            f"Repartez de votre sauvegarde ou du modèle planae.xlsx.")
    if data.startswith(OLE_MAGIC):
        raise WorkbookError(f"« {path.name} » est protégé par un mot de passe ou enregistré au "
                            f"format Excel 97-2003 : ouvrez-le dans Excel, retirez le mot de "
                            f"passe s'il y en a un et enregistrez-le en « Classeur Excel "
                            f"(*.xlsx) ».")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types, parts = archive.read("[Content_Types].xml"), archive.namelist()
    except Exception:  # noqa: BLE001 - not a zip, or a zip without its table of types
        types, parts = b"", []
    if not any(kind in types for kind in WORKBOOK_TYPES):
        raise WorkbookError(f"« {path.name} » n'est pas un classeur Excel : c'est un autre "
                            f"fichier renommé en {path.suffix}, ou il est abîmé. Ouvrez-le dans "
                            f"le programme qui l'a créé et enregistrez-le en « Classeur Excel "
                            f"(*.xlsx) », ou repartez de votre sauvegarde.")
    macros = path.suffix.lower() == ".xlsm"
    if macros and any("vbaProjectSignature" in name for name in parts):
        raise WorkbookError(f"« {path.name} » contient des macros signées : planae ne saurait "
                            f"pas garder leur signature. Enregistrez une copie sans signature "
                            f"(dans l'éditeur VBA, Outils > Signature électronique) ou en "
                            f"« Classeur Excel (*.xlsx) ».")
    written = schema.WRITTEN_SHEETS
    try:
        if patched and (book := _patched(data)) is not None:
            return book
        unread = written if inputs_only else frozenset()
        return OpenpyxlBook(sheet_reader.load_workbook(io.BytesIO(data), unread,
                                                       rich_text=False, keep_vba=macros),
                            data, unread, written)
    except Exception:  # noqa: BLE001 - whatever a damaged part makes openpyxl raise
        raise WorkbookError(f"« {path.name} » est abîmé : une partie du fichier ne peut pas être "
                            f"lue. Ouvrez-le dans Excel, qui propose de le réparer, puis "
                            f"enregistrez-le ; ou repartez de votre sauvegarde.") from None


def _patched(data: bytes) -> PatchedBook | None:
    """The workbook `data` with its inputs loaded and its output sheets ready to be patched,
    or None when they cannot be (NotPatchable: openpyxl loads and writes it whole)."""
    written, parts = schema.WRITTEN_SHEETS, {}
    inputs = OpenpyxlBook(sheet_reader.load_workbook(io.BytesIO(data), written, parts,
                                                     rich_text=False), data, written, written)
    try:
        return PatchedBook(inputs, data, parts, written)
    except NotPatchable:
        return None


def named_output(noun: str, out: Path | None, default: Path) -> tuple[str, Path]:
    """The output `-o` names, else `default`, with how messages name it (`noun`, followed by
    « (-o) » when the person named the file)."""
    return (f"{noun} (-o)", Path(out)) if out else (noun, default)


def file_job(path: Path, role: str, outputs: dict[str, Path],
             work: Callable[[OpenpyxlBook | PatchedBook, bytes],
                            tuple[T, Mapping[Path, Writer]]],
             suffix: str | None = None, inputs_only: bool = False,
             patched: bool = False) -> T:
    """What every command on a workbook file does: read the person's workbook `path` once
    (`role` names it in messages); before any work, refuse an output that would replace it or
    another output (workbook.files), or a first output whose name does not end with `suffix`
    (an export's format) — by default the workbook's own: a workbook comes out as what it went
    in, an .xlsm as a macro workbook named .xlsm, an .xlsx as a plain one (Excel refuses a
    file whose name and content disagree); open it (`inputs_only`, `patched`: see
    open_workbook);
    `work(book, bytes read)` computes and returns its result and the files to write, all
    written at once (workbook.files.write_files). Returns the work's result."""
    path = Path(path)
    data = read_input(path)
    check_outputs({role: path}, outputs)
    label, first = next(iter(outputs.items()))
    kind = path.suffix.lower()
    if first.suffix.lower() != (suffix or kind):
        why = (f"{suffix} (--format {suffix[1:]})" if suffix else
               f"{kind}, comme le classeur « {path.name} » : un classeur garde son type "
               f"({'avec' if kind == '.xlsm' else 'sans'} macros)")
        raise UsageError(f"{capital(label)} « {first.name} » doit finir par {why}.")
    book = open_workbook(path, data, inputs_only=inputs_only, patched=patched)
    result, files = work(book, data)
    write_files(files)
    return result


def compute_file(path: Path, out: Path | None = None, in_place: bool = False,
                 json_path: Path | None = None, simulated: bool = False,
                 draws: int | None = None, seed: int | None = None,
                 csv_dir: Path | None = None) -> Path:
    """Compute a workbook file. Without `out` the result goes to NAME-calcule.xlsx beside it
    (NAME-risques.xlsx with the simulation) and the input is left untouched; `in_place` writes
    over it and keeps the bytes it read in NAME-sauvegarde.xlsx. `json_path`: every table in
    JSON too; `csv_dir`: one CSV file per table in that folder (workbook/csv_tables.py). No
    output may replace the input or another output (workbook.files); all are written at once
    when everything is computed. Returns the workbook written."""
    path = Path(path)
    if in_place and out:
        raise UsageError("Choisissez --in-place (écrire dans le classeur) ou -o (écrire "
                         "ailleurs), pas les deux.")
    label, first = ("la sauvegarde", backup_path(path)) if in_place else named_output(
        "le classeur de sortie", out, default_output(path, "risques" if simulated else "calcule"))
    target = path if in_place else first
    outputs = {label: first}
    if json_path:
        outputs["le fichier JSON (--json)"] = Path(json_path)
    role = "le classeur à calculer"

    def work(book: OpenpyxlBook | PatchedBook, data: bytes):
        if csv_dir:
            from .csv_tables import check_folder
            check_folder(Path(csv_dir))
        try:
            computed = compute_all(book, simulated, draws, seed)
        except NotPatchable:  # an output cell the patch does not change: openpyxl does
            book = open_workbook(path, data)
            computed = compute_all(book, simulated, draws, seed)
        files = {first: lambda f: f.write(data)} if in_place else {}
        files[target] = book.write
        if json_path:
            text = json_bytes(computed.to_json())
            files[Path(json_path)] = lambda f: f.write(text)
        if csv_dir:  # named after the tables: compared with the others once they are known
            from .csv_tables import csv_files
            tables = csv_files(computed.tables(), Path(csv_dir))
            check_outputs({role: path}, {**outputs, **{
                f"le tableau {p.stem} en CSV (--csv)": p for p in tables}})
            files.update(tables)
        return computed, files
    file_job(path, role, outputs, work, patched=True)
    return target


def balance_book(book: Book) -> FinancingNeed:
    """Write the financing the solver proposes into the inputs — the first bank loan's amount,
    a new loan row, or the apport — then compute. Only the ribbon's « Équilibrer » (after the
    person confirms) and `balance_file` (on a copy) call it: it is the one path that writes
    into input cells."""
    data, locator = read_inputs(book)
    assumptions, = locator.checked(lambda: parse_assumptions(data))
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
    label, target = named_output("la copie équilibrée", out, default_balanced(Path(path)))

    def work(book: OpenpyxlBook, _):
        return (target, balance_book(book).message), {target: book.write}
    return file_job(path, "le classeur à équilibrer", {label: target}, work)
