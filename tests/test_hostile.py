"""planae against a hostile user (issue 10): hypothesis mutates the template and the examples —
wrong types, huge and non-finite numbers, texts starting with formula characters, deleted
defined names, tables and sheets, damaged bytes — and runs a command of the command line on the
result. Whatever it does: exit 0 or an explained failure (never the « unexpected » 70), only
French on the way (no traceback, no English exception text), the input's bytes unchanged (or,
with --in-place, kept in the backup), no partial output and no temporary file left, and no
formula where a text was typed (in the workbooks written and the deck's chart workbooks)."""
from __future__ import annotations

import contextlib
import functools
import datetime as dt
import io
import json
import math
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from forecast.examples import example_data
from planae.cli import main
from workbook import schema
from workbook.jobs import build_example, build_template

FORMULA_TEXTS = ("=1+1", '=HYPERLINK("http://exemple.fr";"clic")', "=cmd|' /C calc'!A0",
                 "+33 6 12 34 56 78", "-2+3", "@SOMME(A1:A2)", "\t=1+1", "\r=1+1", "=")
ENGLISH = re.compile(r"Traceback|Error\b|error\b|Exception|exception|line \d|File \"|"
                     r"\bnan\b|\binf\b|object|NoneType|index|invalid|unsupported|argument")
EXPLAINED = (0, 2, 3, 4, 5, 6, 7)
# each example runs a whole command (seconds): shrinking a failure would take many minutes,
# and the failing example is printed as found
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
COMMANDS = {  # what is asked -> the outputs it writes on success, beside plan.xlsx
    "compute": (["compute", "plan.xlsx"], ["plan-calcule.xlsx"]),
    "compute --json": (["compute", "plan.xlsx", "--json", "plan.json"],
                       ["plan-calcule.xlsx", "plan.json"]),
    "compute --in-place": (["compute", "plan.xlsx", "--in-place"], ["plan-sauvegarde.xlsx"]),
    "risk --json": (["risk", "plan.xlsx", "--draws", "200", "--json", "risque.json"],
                    ["plan-risques.xlsx", "risque.json"]),
    "balance": (["balance", "plan.xlsx"], ["plan-equilibre.xlsx"]),
    "export pptx": (["export", "plan.xlsx", "--malgre-alertes"], ["plan - business plan.pptx"]),
}


@functools.cache
def _bases() -> dict[str, tuple[bytes, dict[str, list[tuple[str, str]]]]]:
    """The template and both examples: their bytes and the cells each kind of edit changes:
    any input cell (unlocked cells of the input sheets), or the free texts a person types
    (a plan stays valid with any text there, so the command goes to the end). Not a fixture:
    hypothesis would print it."""
    folder = Path(tempfile.mkdtemp(prefix="planae-hostile-"))
    paths = {"modèle": build_template(folder / "planae.xlsx")}
    for name in ("graphiste", "bijoux"):
        paths[name] = build_example(example_data(name), folder / f"{name}.xlsx")
    inputs = {s.name for s in schema.INPUT_SHEETS}
    out = {}
    for name, path in paths.items():
        wb = openpyxl.load_workbook(path)
        cells = [(ws.title, c.coordinate) for ws in wb.worksheets if ws.title in inputs
                 for row in ws.iter_rows() for c in row if not c.protection.locked]
        texts = [(c.parent.title, c.coordinate) for c in _free_text_cells(wb)]
        out[name] = (path.read_bytes(), {"cell": cells, "non-finite": cells, "text": texts})
    shutil.rmtree(folder)
    return out


finite = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from([1e15, -1e15, 1e308, -1e308, 5e-324, 0.0, -0.0]),
                   st.integers(-10 ** 20, 10 ** 20))
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"),
                max_size=30)  # what a cell can hold: no control character but these
values = st.one_of(finite, st.sampled_from(FORMULA_TEXTS), texts,
                   st.booleans(), st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
                   st.sampled_from(["1 800 €", "12,5 %", "VRAI", "coefficient", "", " "]))
edits = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 10 ** 6), values),
    st.tuples(st.just("text"), st.integers(0, 10 ** 6), st.sampled_from(FORMULA_TEXTS) | texts),
    st.tuples(st.just("non-finite"), st.integers(0, 10 ** 6),
              st.sampled_from([math.inf, -math.inf, math.nan])),
    st.tuples(st.just("name"), st.integers(0, 10 ** 6)),
    st.tuples(st.just("table"), st.integers(0, 10 ** 6)),
    st.tuples(st.just("sheet"), st.integers(0, 10 ** 6)),
)
damages = st.one_of(st.none(), st.none(), st.none(),
                    st.tuples(st.sampled_from(["cut", "flip", "empty"]), st.floats(0, 1)))


def _mutated(data: bytes, cells: dict[str, list[tuple[str, str]]], changes, damage) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for kind, index, *value in changes:
        if kind in cells and cells[kind]:
            sheet, ref = cells[kind][index % len(cells[kind])]
            if sheet not in wb.sheetnames:  # removed by an earlier change
                continue
            cell = wb[sheet][ref]
            cell.value = value[0]
            if isinstance(value[0], str):
                cell.data_type = "s"  # typed as text, whatever it starts with
            elif kind == "non-finite":  # what a damaged or foreign file may hold
                cell.data_type = "n"
        elif kind == "name" and wb.defined_names:
            del wb.defined_names[sorted(wb.defined_names)[index % len(wb.defined_names)]]
        elif kind == "table":
            tables = [(ws, t) for ws in wb.worksheets for t in ws.tables]
            if tables:
                ws, table = tables[index % len(tables)]
                del ws.tables[table]
        elif kind == "sheet" and len(wb.worksheets) > 1:
            wb.remove(wb.worksheets[index % len(wb.worksheets)])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    if damage:
        how, where = damage
        at = int(where * (len(data) - 1))
        data = (data[:at] if how == "cut" else b"" if how == "empty"
                else data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1:])
    return data


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether `path` holds `data` (a bare bool: pytest would diff megabytes of bytes)."""
    return path.read_bytes() == data


def _no_formula_added(typed: bytes, folder: Path, outputs: list[str]) -> None:
    """No formula where a text was typed: the workbooks written hold no formula cell the input
    did not (the template's own, on the Formules sheet), the deck's chart workbooks none."""
    ours = _formula_cells(typed)
    for name in {*outputs, "plan.xlsx"}:
        if name.endswith(".xlsx") and name != "plan-sauvegarde.xlsx":
            assert _formula_cells((folder / name).read_bytes()) <= ours, name
        elif name.endswith(".pptx"):
            assert _embedded_formulas(folder / name) == []


def _complete(path: Path) -> None:
    """An output is a whole file: a zip whose every part reads back, or JSON without NaN."""
    if path.suffix == ".json":
        json.loads(path.read_text("utf-8"), parse_constant=lambda c: pytest.fail(c))
    else:
        assert zipfile.ZipFile(path).testzip() is None


@settings(max_examples=15, deadline=None, phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(base=st.sampled_from(["modèle", "graphiste", "bijoux"]),
       changes=st.lists(edits, min_size=1, max_size=3), damage=damages,
       command=st.sampled_from(sorted(COMMANDS)))
@example(base="graphiste", changes=[("text", 0, "=1+1")], damage=None, command="compute")
@example(base="graphiste", changes=[("text", 1, "@A1")], damage=None, command="compute --json")
@example(base="bijoux", changes=[("text", 2, "-x")], damage=None, command="compute --in-place")
@example(base="bijoux", changes=[("text", 3, "+1")], damage=None, command="risk --json")
@example(base="graphiste", changes=[("text", 4, "\t=A1")], damage=None, command="balance")
@example(base="bijoux", changes=[("text", 5, "\r=A1")], damage=None, command="export pptx")
@example(base="bijoux", changes=[("sheet", 150), ("cell", 2457, -1e15), ("cell", 174, 0.0)],
         damage=("flip", 0.96), command="compute")  # a cell of the sheet removed just before
def test_any_command_on_any_mutated_workbook_loses_nothing_and_speaks_french(
        monkeypatch, base, changes, damage, command):
    data, cells = _bases()[base]
    hostile = _mutated(data, cells, changes, damage)
    argv, outputs = COMMANDS[command]
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as logs:
        monkeypatch.setenv("XDG_STATE_HOME", logs)  # an unexpected failure's log goes there
        folder = Path(folder)
        (folder / "plan.xlsx").write_bytes(hostile)
        monkeypatch.chdir(folder)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(list(argv))
        err = err.getvalue()
        assert code in EXPLAINED, err
        if damage is None and base != "modèle" and changes == changes[:1] and changes[0][0] == \
                "text" and changes[0][2].strip():
            assert code == 0, err  # one free text changed: the command goes to the end
        assert not ENGLISH.search(err), err
        assert (code == 0) == (err == ""), err
        written = sorted(p.name for p in folder.iterdir())
        if code != 0:
            assert written == ["plan.xlsx"]  # nothing written, not even in part
            assert _unchanged(folder / "plan.xlsx", hostile)
            return
        assert written == sorted(["plan.xlsx", *outputs])
        for name in outputs:
            _complete(folder / name)
        _no_formula_added(hostile, folder, outputs)
        if command == "compute --in-place":
            assert _unchanged(folder / "plan-sauvegarde.xlsx", hostile)
            _complete(folder / "plan.xlsx")
        else:
            assert _unchanged(folder / "plan.xlsx", hostile)


# -- no formula where a text was typed (issue 10.2) ----------------------------------------

def _free_text_cells(wb) -> list:
    """The input cells holding a text a person types freely (no list to choose from)."""
    inputs = {s.name for s in schema.INPUT_SHEETS}
    out = []
    for ws in wb.worksheets:
        if ws.title not in inputs:
            continue
        lists = [dv.sqref for dv in ws.data_validations.dataValidation if dv.type == "list"]
        out += [c for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and not c.protection.locked
                and not any(c.coordinate in ranges for ranges in lists)]
    return out


def _formula_cells(data: bytes) -> set[tuple[str, str]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "f"}


def _embedded_formulas(deck: Path) -> list[str]:
    """The chart workbooks embedded in the deck that hold a formula."""
    with zipfile.ZipFile(deck) as z:
        embedded = [n for n in z.namelist() if n.startswith("ppt/embeddings/")]
        return [f"{name}:{part}" for name in embedded
                for inner in [zipfile.ZipFile(io.BytesIO(z.read(name)))]
                for part in inner.namelist() if part.startswith("xl/worksheets/")
                and re.search(rb"<f[ >]", inner.read(part))]


def test_no_formula_where_a_text_was_typed(tmp_path, monkeypatch):
    data, _ = _bases()["graphiste"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    typed = _free_text_cells(wb)
    assert len(typed) >= 18  # the project, offers, charges, investments, loans, written part
    for i, cell in enumerate(typed):
        cell.value = FORMULA_TEXTS[i % len(FORMULA_TEXTS)] + f" {i}"
        cell.data_type = "s"
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    ours = _formula_cells(data)  # the template's own formulas (the Formules sheet)
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["compute", "plan.xlsx"]) == 0
        assert main(["export", "plan.xlsx", "--malgre-alertes"]) == 0
    assert _formula_cells(path.read_bytes()) == ours  # the test typed texts, not formulas
    assert _formula_cells((tmp_path / "plan-calcule.xlsx").read_bytes()) == ours
    assert _embedded_formulas(tmp_path / "plan - business plan.pptx") == []
