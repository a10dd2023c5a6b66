"""workbook/sheet_reader.py loads the same workbook as openpyxl: every cell's value, type and
style, the rows' dimensions, and the file planae saves from it, byte for byte."""
from __future__ import annotations

import datetime
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font
from openpyxl.worksheet.formula import ArrayFormula

from forecast.examples import example_data
from plans import eight_offers
from workbook.jobs import build_example, build_template
from workbook.openpyxl_book import OpenpyxlBook
from workbook.sheet_reader import load_workbook


def _cells(wb) -> dict:
    def plain(value):
        if isinstance(value, ArrayFormula):
            return ("array", value.ref, value.text)
        return type(value), value  # 1, not 1.0
    return {ws.title: ({key: (plain(c._value), c.data_type, tuple(c._style or ()), type(c))
                        for key, c in ws._cells.items()},
                       {r: dict(d) for r, d in ws.row_dimensions.items()}, ws.max_row)
            for ws in wb.worksheets}


def _unusual(path):
    """Cells planae's files rarely hold: openpyxl writes dates, booleans, errors, formulas,
    shared and rich texts, texts with spaces, empty styled cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = datetime.date(2026, 3, 1)
    ws["A2"] = datetime.datetime(2026, 3, 1, 12, 30)
    ws["A3"] = True
    ws["A4"] = "#N/A"
    ws["A5"] = "=SUM(B1:B3)"
    ws["A6"] = "  espaces  "
    ws["A7"] = CellRichText(["gras ", TextBlock(InlineFont(b=True), "ici")])
    ws["A8"] = ""
    ws["B1"], ws["B2"], ws["B3"] = 1, 2.5, -1e-9
    ws["C1"].font = Font(bold=True)
    ws["D1"] = ArrayFormula("D1:D2", "=B1:B2*2")
    ws.row_dimensions[3].height = 30
    wb.save(path)
    with zipfile.ZipFile(path) as z:  # a shared string, as Excel writes them
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="A6" t="inlineStr"><is><t xml:space="preserve">  espaces  </t></is></c>',
        b'<c r="A6" t="s"><v>0</v></c>').replace(  # and an empty inline text
        b'<c r="A8"', b'<c r="A8" t="inlineStr"><is><t/></is></c><c r="A9"').replace(
        b"</sheetData>", b'<row r="20"><c r="A20" t="str"><v>texte de formule</v></c>'
        b'<c r="B20" t="str"><v></v></c><c r="C20" s="1" t="s"><v>0</v></c>'
        b'<c r="D20" t="s"><v></v></c></row></sheetData>')  # texts as LibreOffice saves some
    assert sheet != parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t xml:space="preserve">  espaces  </t></si></sst>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("books")
    return {"modèle": build_template(tmp / "modele.xlsx"),
            "graphiste": build_example(example_data("graphiste"), tmp / "graphiste.xlsx"),
            "bijoux": build_example(example_data("bijoux"), tmp / "bijoux.xlsx"),
            "huit offres": build_example(eight_offers(), tmp / "huit.xlsx"),
            "cellules rares": _unusual(tmp / "rares.xlsx")}


@pytest.mark.parametrize("name", ["modèle", "graphiste", "bijoux", "huit offres",
                                  "cellules rares"])
def test_the_same_cells_as_openpyxl(books, name):
    ours, theirs = load_workbook(books[name]), openpyxl.load_workbook(books[name])
    assert _cells(ours) == _cells(theirs)
    assert [ws.title for ws in ours] == [ws.title for ws in theirs]


def test_the_unusual_cells_are_read(books):
    ws = load_workbook(books["cellules rares"]).active
    assert ws["A1"].value == datetime.datetime(2026, 3, 1) and ws["A3"].value is True
    assert ws["A5"].value == "=SUM(B1:B3)" and ws["A6"].value == "  espaces  "
    assert ws["B2"].value == 2.5 and ws["C1"].font.b and ws.row_dimensions[3].height == 30
    assert ws["A8"].value == "" and ws["A8"].data_type == "s"
    assert ws["A20"].value == "texte de formule" and ws["A20"].data_type == "s"
    assert ws["C20"].value == "  espaces  " and ws["B20"].value is ws["D20"].value is None


def test_planae_saves_the_same_bytes(books, tmp_path):
    for name in ("graphiste", "cellules rares"):
        book = OpenpyxlBook.load(books[name])
        assert isinstance(book.wb, openpyxl.Workbook)
        OpenpyxlBook(openpyxl.load_workbook(books[name], rich_text=False)).save(
            tmp_path / "openpyxl.xlsx")
        book.save(tmp_path / "ours.xlsx")
        assert (tmp_path / "ours.xlsx").read_bytes() == (tmp_path / "openpyxl.xlsx").read_bytes()


def test_openpyxls_reader_is_put_back(books):
    from openpyxl.reader import excel
    from openpyxl.worksheet._reader import WorksheetReader
    load_workbook(books["bijoux"])
    assert excel.WorksheetReader is WorksheetReader


def test_an_export_reads_the_inputs_without_the_sheets_computing_fills(books):
    """The sheets computing fills are left unread for an export: the inputs read are the same
    as from the whole workbook, the filled sheets are there but empty, and such a workbook
    cannot be saved (it would lose them)."""
    from workbook.jobs import open_workbook
    from workbook.reader import read_inputs
    from workbook.schema import INPUT_SHEETS, WRITTEN_SHEETS
    path = books["bijoux"]  # its sheets: every input, « Guide », the written part, the lists
    whole, partial = open_workbook(path), open_workbook(path, inputs_only=True)
    assert read_inputs(partial)[0] == read_inputs(whole)[0]
    assert whole.wb["Trésorerie"]._cells and not partial.wb["Trésorerie"]._cells
    assert {s.name for s in INPUT_SHEETS} & WRITTEN_SHEETS == set()
    kept = [ws.title for ws in whole.wb if ws.title not in WRITTEN_SHEETS]
    assert [_cells(partial.wb)[t] for t in kept] == [_cells(whole.wb)[t] for t in kept]
    with pytest.raises(RuntimeError):
        partial.save(path.with_name("jamais.xlsx"))
    assert not path.with_name("jamais.xlsx").exists()
