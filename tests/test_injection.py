"""No text a person types ever becomes a formula (issue 10.2), on every output path: the
workbook `planae compute` writes (openpyxl), the workbook « Calculer » fills in Excel (xlwings,
against autospec'd objects), the deck's text and the workbooks embedded in its charts, the
JSON. For each character Excel may read as the start of a formula (and the full-width
look-alikes), a plan whose every text starts with it: no formula anywhere, each text read back
as typed. And a spreadsheet application (LibreOffice) reading the computed workbook finds the
texts, not formulas."""
from __future__ import annotations

import copy
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.escape import unescape
from openpyxl.worksheet._writer import WorksheetWriter
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from addin import ribbon
from addin.xlbook import XlBook
from forecast.examples import example_data
from forecast.plan import BusinessPlan, build_plan
from plans import texts_prefixed
from report import charts
from report.deck import text_paras
from report.export import export_file
from test_addin_fake_excel import FakeExcel
from test_spreadsheet import SOFFICE, recalculated
from workbook import schema
from workbook.cells import Formula, put
from workbook.formulas import FORMULAS_SHEET
from workbook.jobs import compute_file
from workbook.openpyxl_book import OpenpyxlBook, write_reproducible
from workbook.template import build_workbook
from workbook.writer import subtitle

# « = + - @ », tab and carriage return, and their full-width forms (＝ ＋ － ＠)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
TEXTS = (*(start + "Bijoux" for start in FORMULA_STARTS),
         '=HYPERLINK("http://exemple.fr";"clic")', "=cmd|' /C calc'!A0", "=1+1", "{=1+1}",
         "#N/A", "#REF!", "http://exemple.fr", "'=1+1", "-5", "+33 6 12 34 56 78")
OUTPUT_SHEETS = [s.name for s in (*schema.OUTPUT_SHEETS, *schema.RISK_SHEETS)] + \
    [schema.DASHBOARD]


def _formula_sheets(wb) -> set[str]:
    return {ws.title for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


def _strings(ws) -> list[tuple[str, str]]:
    """Each text of a sheet and its cell type."""
    return [(c.value, c.data_type) for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


# -- each writer, every string -------------------------------------------------------------------

@pytest.mark.parametrize("writer", ["sheet_xml", "openpyxl"])
def test_the_workbook_writer_writes_every_string_as_text(writer, monkeypatch):
    """Both serialisations of a sheet: planae's own (workbook/sheet_xml.py) and openpyxl's,
    which a sheet holding a comment falls back to."""
    book = OpenpyxlBook(build_workbook())
    book.write_range("Bilan", "B40", [list(TEXTS)])
    if writer == "openpyxl":
        book.wb["Bilan"]["A1"].comment = openpyxl.comments.Comment("note", "planae")
    put(book.wb["Bilan"]["B41"], Formula("=1+1"))  # declared: the one string kept a formula
    by_openpyxl = []
    fallback = WorksheetWriter.write_rows
    monkeypatch.setattr(WorksheetWriter, "write_rows",
                        lambda w: by_openpyxl.append(w.ws.title) or fallback(w))
    out = io.BytesIO()
    write_reproducible(book.wb, out)
    assert ("Bilan" in by_openpyxl) == (writer == "openpyxl")
    ws = openpyxl.load_workbook(out)["Bilan"]
    assert [ws.cell(40, 2 + i).value for i in range(len(TEXTS))] == list(TEXTS)
    assert {ws.cell(40, 2 + i).data_type for i in range(len(TEXTS))} == {"s"}
    assert (ws["B41"].value, ws["B41"].data_type) == ("=1+1", "f")


def test_a_formula_is_declared_never_guessed():
    with pytest.raises(ValueError):
        Formula("1+1")
    wb = build_workbook(texts_prefixed(example_data("bijoux"), "="))
    assert _formula_sheets(wb) == {FORMULAS_SHEET}  # the person's texts: inputs as texts
    assert wb["Projet"]["C5"].value == "=Éclats de Loire — bijoux faits main"


def test_the_excel_writer_writes_every_string_as_text():
    """In Excel a string assigned through Range.value is read as if typed: each goes with a
    leading apostrophe, which Excel keeps out of the value."""
    fake = FakeExcel(build_workbook())
    book = XlBook(fake.book)
    book.write_range("Bilan", "B40", [list(TEXTS)])
    assert fake.strings_written == ["'" + t for t in TEXTS]
    assert not [f for f in fake.formulas if f[0] == "Bilan"]
    assert book.read_range("Bilan", f"B40:{get_column_letter(1 + len(TEXTS))}40") == [list(TEXTS)]


def _embedded(pptx) -> list[openpyxl.Workbook]:
    """The workbooks inside a deck's charts, each checked for formulas and links in its XML."""
    with zipfile.ZipFile(pptx) as z:
        parts = [z.read(n) for n in z.namelist() if n.startswith("ppt/embeddings/")]
    books = []
    for part in parts:
        with zipfile.ZipFile(io.BytesIO(part)) as inner:
            for name in inner.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = inner.read(name)
                    assert b"<f>" not in xml and b"<f " not in xml, name
                    assert b"<hyperlink" not in xml, name
        books.append(openpyxl.load_workbook(io.BytesIO(part)))
    return books


@pytest.mark.parametrize("draw", [charts.columns, charts.lines, charts.tornado])
def test_the_chart_workbooks_hold_texts_as_texts(draw):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = (0, 0, 8_000_000, 4_000_000)
    if draw is charts.tornado:
        draw(slide, *box, list(TEXTS), [-1.0] * len(TEXTS), [1.0] * len(TEXTS),
             colours=(charts.SERIES[0], charts.SERIES[1]))
        names = ["Défavorable (10e centile)", "Favorable (90e centile)"]
    else:
        draw(slide, *box, list(TEXTS), [(t, [1000.0] * len(TEXTS)) for t in TEXTS])
        names = list(TEXTS)
    out = io.BytesIO()
    prs.save(out)
    (wb,) = _embedded(out)
    ws = wb.worksheets[0]
    # XlsxWriter writes a carriage return as OOXML's escape _x000D_, which openpyxl leaves
    assert [unescape(ws.cell(1 + i, 1).value) for i in range(1, len(TEXTS) + 1)] == list(TEXTS)
    assert [unescape(ws.cell(1, 2 + i).value) for i in range(len(names))] == names
    assert {t for _, t in _strings(ws)} == {"s"}


# -- every door, a plan whose every text starts with a formula character --------------------------

@dataclass
class Hostile:
    start: str
    data: dict
    plan: BusinessPlan
    computed: Path  # what `planae compute` writes
    json: Path
    deck: Path  # what `planae export` writes

    def texts(self) -> list[str]:
        """The texts typed as the engine took them (a leading tab or carriage return is
        not part of a name) that the output sheets show."""
        a = self.plan.assumptions
        return [a.project.name, *(o.name for o in a.offers),
                *(i.label for i in a.investments), *(loan.label for loan in a.financing.loans)]


@pytest.fixture(scope="module", params=FORMULA_STARTS, ids=repr)
def hostile(request, tmp_path_factory) -> Hostile:
    """The jewellery example with every text starting with the character, and what
    `planae compute` (with its JSON) and `planae export` make of it."""
    data = texts_prefixed(example_data("bijoux"), request.param)
    data["risk"] = {"draws": 200}  # the simulation's charts hold no typed text
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "plan.xlsx"
    build_workbook(data).save(source)
    computed = compute_file(source, folder / "calcule.xlsx", json_path=folder / "plan.json",
                            simulated=True)
    deck = export_file(source, "pptx", folder / "plan.pptx", despite_alerts=True)
    return Hostile(request.param, data, build_plan(data), computed, folder / "plan.json", deck)


def test_compute_writes_every_typed_text_as_text(hostile):
    wb = openpyxl.load_workbook(hostile.computed)
    assert _formula_sheets(wb) == {FORMULAS_SHEET}
    strings = [s for name in OUTPUT_SHEETS for s in _strings(wb[name])]
    assert {t for _, t in strings} == {"s"}
    for name in OUTPUT_SHEETS:
        assert wb[name]["B2"].value == subtitle(hostile.plan), name
    for text in hostile.texts():
        assert any(text in s for s, _ in strings), text
    if hostile.start.strip():
        assert hostile.plan.assumptions.project.name.startswith(hostile.start)


def _leaves(node) -> list:
    if isinstance(node, dict):
        return [v for value in node.values() for v in _leaves(value)]
    if isinstance(node, list):
        return [v for value in node for v in _leaves(value)]
    return [node]


def test_the_json_holds_the_texts_as_typed(hostile):
    """The JSON is data: the typed texts it quotes (the solver's explanation names the loan
    it replaces) are there as typed."""
    strings = [s for s in _leaves(json.loads(hostile.json.read_text("utf-8")))
               if isinstance(s, str)]
    assert any(f"« {text} »" in s for s in strings for text in hostile.texts())


def _deck_texts(prs) -> str:
    """Every text of the deck: shapes (in groups too), tables, the charts' names."""
    out = []

    def walk(shapes):
        for shape in shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                walk(shape.shapes)
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if getattr(shape, "has_table", False):
                out.extend(cell.text for row in shape.table.rows for cell in row.cells)
            if getattr(shape, "has_chart", False):
                plot = shape.chart.plots[0]
                out.extend([*(s.name for s in plot.series), *map(str, plot.categories)])
    for slide in prs.slides:
        walk(slide.shapes)
    return "\n".join(out)


def test_the_deck_writes_every_typed_text_as_text(hostile):
    shown = _deck_texts(Presentation(hostile.deck))
    for text in hostile.texts():
        assert text in shown, text
    books = _embedded(hostile.deck)
    cells = {unescape(c.value) for wb in books for ws in wb.worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {o.name for o in hostile.plan.assumptions.offers} <= cells  # turnover's series
    for section, text in hostile.data["narrative"]["sections"].items():
        first = text_paras(text)[0].text  # the deck's first paragraph of the section
        assert first[:40] in shown, section
        assert first.startswith(hostile.start.strip()), section


def test_calculer_in_excel_writes_every_typed_text_as_text(tmp_path):
    """« Calculer » through xlwings on a plan with one offer per character: the same texts
    as `planae compute` writes, each handed to Excel after an apostrophe, no formula."""
    data = copy.deepcopy(example_data("bijoux"))
    offers = data["offers"]
    data["offers"] = [dict(offers[i % len(offers)], name=f"Offre {i + 1}")
                      for i in range(len(FORMULA_STARTS))]
    data = texts_prefixed(data, *FORMULA_STARTS)
    source = tmp_path / "plan.xlsx"
    build_workbook(data).save(source)
    computed = openpyxl.load_workbook(compute_file(source, tmp_path / "calcule.xlsx"))
    fake = FakeExcel(openpyxl.load_workbook(source))
    ribbon.compute(XlBook(fake.book))
    assert not [a for a in fake.alerts if a[3] == "critical"], fake.alerts
    assert {sheet for sheet, _, _ in fake.formulas} == {FORMULAS_SHEET}
    assert fake.strings_written and all(s.startswith("'") for s in fake.strings_written if s)
    for name in OUTPUT_SHEETS:
        want = {(c.row, c.column): c.value for row in computed[name].iter_rows() for c in row
                if isinstance(c.value, str)}
        assert {k: v for k, v in fake.cells[name].items() if isinstance(v, str)} == want, name
    shown = {v for v in fake.cells["Compte de résultat"].values() if isinstance(v, str)}
    for offer in build_plan(data).assumptions.offers:
        assert f"  dont {offer.name}" in shown


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) n'est pas installé : "
                                            ".ci/run l'installe")
def test_a_spreadsheet_application_reads_the_texts_as_texts(tmp_path):
    """LibreOffice opens, recalculates and saves what `planae compute` wrote for a plan whose
    texts are live formulas if read as such (=HYPERLINK(…) would show « clic… » or an error):
    every text of every output sheet is still the one written."""
    data = texts_prefixed(example_data("bijoux"), '=HYPERLINK("http://exemple.fr";"clic")&')
    source = tmp_path / "plan.xlsx"
    build_workbook(data).save(source)
    computed = compute_file(source, tmp_path / "calcule.xlsx")
    written, read = openpyxl.load_workbook(computed), recalculated(computed)
    for name in OUTPUT_SHEETS:
        texts = {c.coordinate: c.value for row in written[name].iter_rows() for c in row
                 if isinstance(c.value, str)}
        assert {k: read[name][k].value for k in texts} == texts, name
    assert read["Bilan"]["B2"].value.startswith('=HYPERLINK("http://exemple.fr";"clic")&')
