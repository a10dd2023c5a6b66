"""`planae compute` writes its output sheets into the person's own file (workbook/patched_book.py,
workbook/sheet_patch.py): the same workbook as openpyxl writing it whole — every cell, style,
height and header —, every other part of the file the very bytes read; what the patch does not
change safely goes through openpyxl."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree
from openpyxl.styles import Font
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.xml.functions import tostring

from forecast.examples import example_data
from workbook import schema
from workbook.cells import put
from workbook.jobs import build_example, compute_all, compute_file, open_workbook
from workbook.openpyxl_book import OpenpyxlBook, escape_header, write_reproducible_parts
from workbook.patched_book import PatchedBook
from workbook.sheet_patch import NotPatchable, SheetPatch

NAME = "  Éclats & <Cie> — « bijoux »"  # spaces kept, XML's and the header's « & » escaped


@pytest.fixture(scope="module")
def stale(tmp_path_factory) -> Path:
    """The jewellery example with one offer left and another name: its output sheets still
    show the plan computed before, longer than the new one."""
    folder = tmp_path_factory.mktemp("patch")
    wb = openpyxl.load_workbook(build_example(example_data("bijoux"), folder / "ex.xlsx"))
    ws = wb["Offre"]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables["tblOffres"].ref)
    assert max_row - min_row >= 3  # a header and several offers
    for row in ws.iter_rows(min_row=min_row + 2, max_row=max_row, min_col=min_col,
                            max_col=max_col):
        for cell in row:
            cell.value = None
    wb["Projet"]["C5"] = NAME
    return OpenpyxlBook(wb).save(folder / "plan.xlsx")


def _computed(path: Path, patched: bool) -> tuple[object, bytes]:
    book = open_workbook(path, patched=patched)
    compute_all(book)
    out = io.BytesIO()
    book.write(out)
    return book, out.getvalue()


def _content(data: bytes) -> dict:
    """Everything a person sees of a workbook, as openpyxl reads it; styles as openpyxl
    writes them (a default written or left out, `wrapText="0"` or nothing, is the same)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out: dict = {"sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets],
                 "names": {n: d.attr_text for n, d in wb.defined_names.items()}}
    for ws in wb.worksheets:
        for (r, c), cell in ws._cells.items():
            value = cell.value
            if hasattr(value, "ref"):  # an array formula
                value = (value.ref, value.text)
            looks = (cell.font, cell.fill, cell.border, cell.alignment, cell.protection)
            style = cell.has_style and (cell.number_format,
                                        *(tostring(look.to_tree()) for look in looks))
            if value is not None or style:
                out[ws.title, r, c] = (value, value is not None and cell.data_type, style)
        out[ws.title, "heights"] = {r: d.height for r, d in ws.row_dimensions.items()
                                    if d.height is not None}
        out[ws.title, "header"] = [(h.left.text, h.left.size, h.center.text, h.right.text)
                                   for h in (ws.oddHeader, ws.evenHeader)]
        out[ws.title, "footer"] = ws.oddFooter.center.text
        out[ws.title, "layout"] = (sorted(map(str, ws.merged_cells.ranges)),
                                   [str(cf.sqref) for cf in ws.conditional_formatting],
                                   len(ws.data_validations.dataValidation),
                                   {t.name: t.ref for t in ws.tables.values()})
    return out


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _check_same_as_openpyxl(source: Path) -> tuple[PatchedBook, bytes]:
    book, patched = _computed(source, patched=True)
    assert isinstance(book, PatchedBook)
    _, whole = _computed(source, patched=False)
    assert _content(patched) == _content(whole)
    return book, patched


def test_the_patched_workbook_is_the_one_openpyxl_writes_whole(stale):
    book, patched = _check_same_as_openpyxl(stale)
    before, after = _content(stale.read_bytes()), _content(patched)
    wb = openpyxl.load_workbook(io.BytesIO(patched))
    # not vacuous: the plan of one offer replaced the plan computed before, the name too
    assert after != before
    name = NAME.strip()  # as the inputs are read
    assert wb["Compte de résultat"][schema.SUBTITLE_CELL].value.startswith(
        name + " — début d'activité")
    assert wb["Trésorerie"].oddHeader.left.text == name.replace("&", "&&")
    plan = compute_all(open_workbook(stale)).plan
    revenue = plan.tables["compte_de_resultat"].line("chiffre_affaires").values
    assert [wb["Compte de résultat"].cell(5, c).value for c in (3, 4, 5)] == list(revenue)


def test_the_simulation_is_patched_as_openpyxl_writes_it(stale):
    """`planae risk`: the Risques sheet's tables and the scenarios, drawn the same."""
    contents = []
    for patched in (True, False):
        book = open_workbook(stale, patched=patched)
        compute_all(book, simulated=True, draws=200, seed=3)
        out = io.BytesIO()
        book.write(out)
        contents.append(_content(out.getvalue()))
    assert contents[0] == contents[1]
    assert any(key[0] == "Risques" and "200 tirages, graine 3" in str(value[0])
               for key, value in contents[0].items())  # the simulation was written


def test_every_part_but_the_output_sheets_is_the_bytes_read(stale):
    book, patched = _check_same_as_openpyxl(stale)
    source, out = _parts(stale.read_bytes()), _parts(patched)
    assert list(out) == list(source)
    changed = {name for name in source if source[name] != out[name]}
    assert changed and changed <= set(book.paths)  # only sheets of schema.WRITTEN_SHEETS
    assert len(book.sheets) == len(schema.WRITTEN_SHEETS)


@pytest.fixture(scope="module")
def resaved(stale, tmp_path_factory) -> Path:
    """The stale workbook opened and saved by LibreOffice: texts in a shared table (as Excel
    saves them), LibreOffice's XML."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice absent")
    from report.export import convert
    path = convert(stale, "xlsx", tmp_path_factory.mktemp("libreoffice"))
    assert b"sharedStrings" in path.read_bytes()
    return path


def test_a_workbook_saved_by_libreoffice_is_patched_the_same(resaved):
    """The cells outside the blocks keep their shared texts, those written become inline."""
    _check_same_as_openpyxl(resaved)


def _values(ws) -> dict:
    return {(r, c): round(cell.value, 6) if isinstance(cell.value, float) else cell.value
            for (r, c), cell in ws._cells.items() if cell.value is not None}


@pytest.mark.parametrize("source", ["stale", "resaved"])
def test_libreoffice_reads_the_values_written(source, request, tmp_path):
    """The patched parts (inline texts, new rows and cells, Excel's XML declaration; shared
    texts no longer used, with the table's counts as they were) as another spreadsheet reads
    them: LibreOffice opens the file and saves the same values."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice absent")
    from report.export import convert
    computed = tmp_path / "calcule.xlsx"
    computed.write_bytes(_computed(request.getfixturevalue(source), patched=True)[1])
    ours = openpyxl.load_workbook(computed)
    back = openpyxl.load_workbook(convert(computed, "xlsx", tmp_path / "relu"))
    for title in ("Compte de résultat", "Trésorerie", "Alertes", "Tableau de bord", "Projet"):
        assert _values(back[title]) == _values(ours[title]) != {}


def test_computing_twice_gives_the_same_bytes(stale):
    assert _computed(stale, patched=True)[1] == _computed(stale, patched=True)[1]


def _edit_part(path: Path, out: Path, edit) -> Path:
    """A copy of the workbook `path` whose parts pass through `edit(name, bytes)`."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(info.filename, src.read(info)))
    return out


def test_a_shared_formula_in_an_output_block_sends_the_workbook_through_openpyxl(stale,
                                                                                 tmp_path):
    """A person's shared formula in the income statement: emptying its first cell would
    orphan the others; openpyxl computes the workbook instead, the same as without patch."""
    book = open_workbook(stale, patched=True)
    income = book.sheets["Compte de résultat"]
    part = next(p for p, patch in book.paths.items() if patch is income)

    def shared(name, data):
        if name != part:
            return data
        for ref, formula in ((b"C5", b'<f t="shared" ref="C5:D5" si="0">1+1</f>'),
                             (b"D5", b'<f t="shared" si="0"/>')):
            data = re.sub(b'(<c r="' + ref + b'"[^>/]*>)', lambda m: m[1] + formula, data,
                          count=1)
        return data
    source = _edit_part(stale, tmp_path / "partage.xlsx", shared)
    assert b't="shared"' in _parts(source.read_bytes())[part]
    with pytest.raises(NotPatchable):
        compute_all(open_workbook(source, patched=True))
    out = compute_file(source, tmp_path / "calcule.xlsx")
    assert out.read_bytes() == _computed(source, patched=False)[1]  # openpyxl's workbook


CALC_CHAIN = ("application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain")


def test_excels_calculation_chain_is_left_out_with_its_references(stale, tmp_path):
    def chained(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" '
                                b'ContentType="' + CALC_CHAIN[0].encode() + b'"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdChain" Type="'
                                + CALC_CHAIN[1].encode() + b'" Target="calcChain.xml"/>'
                                b"</Relationships>")
        return data
    source = _edit_part(stale, tmp_path / "chaine.xlsx", chained)
    with zipfile.ZipFile(source, "a") as z:
        z.writestr("xl/calcChain.xml", b'<calcChain xmlns="http://schemas.openxmlformats.org/'
                                       b'spreadsheetml/2006/main"><c r="C5" i="1"/></calcChain>')
    out = _parts(compute_file(source, tmp_path / "calcule.xlsx").read_bytes())
    assert "xl/calcChain.xml" not in out
    for name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
        assert b"calcChain" not in out[name] and b"<" in out[name]
    assert openpyxl.load_workbook(tmp_path / "calcule.xlsx")["Projet"]["C5"].value == NAME


# -- one sheet's XML ----------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(rows: str, tail: str = "") -> SheetPatch:
    return SheetPatch(f'<worksheet xmlns="{MAIN}"><dimension ref="B1:F5"/><sheetData>{rows}'
                      f'</sheetData>{tail}</worksheet>'.encode())


def _cells(patch: SheetPatch) -> list[tuple]:
    root = etree.fromstring(patch.to_bytes())
    return [(row.get("r"), row.get("spans"), [(c.get("r"), c.get("s"), c.get("t"),
                                               "".join(c.itertext()))
                                              for c in row])
            for row in root.find(f"{{{MAIN}}}sheetData")]


def test_cells_and_rows_are_made_in_their_order_and_keep_their_style():
    patch = _sheet('<row r="1" spans="2:6"><c r="B1" s="3" t="s"><v>0</v></c>'
                   '<c r="F1" s="4"/></row><row r="5"><c r="C5" s="2"><v>7</v></c></row>')
    patch.write_range("D1", [[1.5, None], [None, " texte "]])
    patch.write_range("C3", [[True, 0.1 + 0.2]])
    assert _cells(patch) == [
        ("1", None, [("B1", "3", "s", "0"), ("D1", None, None, "1.5"), ("F1", "4", None, "")]),
        ("2", None, [("E2", None, "inlineStr", " texte ")]),
        ("3", None, [("C3", None, "b", "1"), ("D3", None, None, "0.3")]),  # %.16g
        ("5", None, [("C5", "2", None, "7")])]
    root = etree.fromstring(patch.to_bytes())
    assert root.find(f"{{{MAIN}}}dimension").get("ref") == "B1:F5"
    space = root.xpath("//m:t", namespaces={"m": MAIN})[0]
    assert space.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_clearing_empties_values_keeps_styles_and_makes_no_cell():
    patch = _sheet('<row r="2"><c r="B2" s="5" t="inlineStr"><is><t>vieux</t></is></c>'
                   '<c r="C2" s="5" cm="1"><f>1+1</f><v>2</v></c><c r="G2"><v>9</v></c></row>')
    patch.clear_range("B1:D4")
    assert _cells(patch) == [("2", None, [("B2", "5", None, ""), ("C2", "5", None, ""),
                                          ("G2", None, None, "9")])]
    assert b"cm=" not in patch.to_bytes()


def test_the_header_is_set_in_the_schemas_order_its_other_parts_kept():
    patch = _sheet("", '<pageSetup orientation="landscape"/>'
                       '<drawing r:id="rId1" xmlns:r="urn:r"/>')
    patch.set_header("Projet && cie")
    root = etree.fromstring(patch.to_bytes())
    assert [etree.QName(c).localname for c in root] == [
        "dimension", "sheetData", "pageSetup", "headerFooter", "drawing"]
    assert [etree.QName(c).localname for c in root[3]] == ["oddHeader", "evenHeader"]
    assert root[3][0].text == "&LProjet && cie"
    kept = _sheet("", '<headerFooter><oddHeader>&amp;L&amp;9 Ancien&amp;R&amp;9 &amp;A</oddHeader>'
                      '<oddFooter>&amp;CPage &amp;P</oddFooter></headerFooter>')
    kept.set_header("Nouveau")
    frame = etree.fromstring(kept.to_bytes()).find(f"{{{MAIN}}}headerFooter")
    assert [(etree.QName(c).localname, c.text) for c in frame] == [
        ("oddHeader", "&L&9 Nouveau&R&9 &A"), ("oddFooter", "&CPage &P"),
        ("evenHeader", "&LNouveau")]


def test_row_heights_make_missing_rows_in_order():
    patch = _sheet('<row r="4"><c r="B4"><v>1</v></c></row>')
    patch.set_row_heights({2: 30.0, 4: 45.5})
    rows = etree.fromstring(patch.to_bytes()).find(f"{{{MAIN}}}sheetData")
    assert [(r.get("r"), r.get("ht"), r.get("customHeight")) for r in rows] == [
        ("2", "30", "1"), ("4", "45.5", "1")]


def test_values_are_checked_as_openpyxl_checks_them():
    patch = _sheet("")
    with pytest.raises(IllegalCharacterError):
        patch.write_range("B2", [["bip\x07"]])
    patch.write_range("B2", [["x" * 40000]])
    assert len(_cells(patch)[0][2][0][3]) == 32767
    import datetime
    with pytest.raises(NotPatchable):
        patch.write_range("B3", [[datetime.date(2026, 1, 1)]])
    with pytest.raises(NotPatchable):
        patch.write_range("B4", [["\ufffe, que XML ne peut pas contenir"]])
    with pytest.raises(NotPatchable):
        SheetPatch(b"<worksheet><sheetData><row><c/></row></sheetData></worksheet>")
    for rows in ('<row r="3"/><row r="2"/>', '<row r="2"/><row r="2"/>'):  # Excel repairs
        with pytest.raises(NotPatchable):
            _sheet(rows)
    for cells in ('<c r="C2"/><c r="B2"/>', '<c r="B3"/>'):  # out of order, of their row
        with pytest.raises(NotPatchable):
            _sheet(f'<row r="2">{cells}</row>').write_range("D2", [[1]])
    with pytest.raises(NotPatchable):  # its entity would be written back undefined
        SheetPatch(f'<!DOCTYPE worksheet [<!ENTITY nom "X">]><worksheet xmlns="{MAIN}">'
                   f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&nom;</t></is></c>'
                   f'</row></sheetData></worksheet>'.encode())


def test_a_workbook_whose_parts_swell_goes_through_openpyxl(stale, monkeypatch):
    import workbook.patched_book as patched_book
    monkeypatch.setattr(patched_book, "MAX_PARTS", sum(len(d) for d in _parts(
        stale.read_bytes()).values()) - 1)
    assert isinstance(open_workbook(stale, patched=True), OpenpyxlBook)


def test_reading_an_output_sheet_or_writing_another_goes_through_openpyxl(stale):
    """The output sheets are not loaded (a read of one would find them empty), and only they
    are patched (an input sheet, or a chart sheet put in an output sheet's place, is not)."""
    book = open_workbook(stale, patched=True)
    with pytest.raises(NotPatchable):
        book.read_range("Bilan", "B2:C3")
    with pytest.raises(NotPatchable):
        book.write_range("Projet", "C5", [["autre nom"]])
    assert book.read_range("Projet", "C5") == [[NAME]]  # an input sheet is read


def test_excels_own_markup_is_kept_and_a_prefixed_namespace_understood():
    """Excel's rows carry extension attributes and a sheet may end with an extension list;
    other producers prefix the namespace (`x:`): both are written back as they were, the
    new cells in the same namespace."""
    excel = SheetPatch(
        f'<worksheet xmlns="{MAIN}" xmlns:mc="http://schemas.openxmlformats.org/'
        f'markup-compatibility/2006" xmlns:x14ac="urn:x14ac" mc:Ignorable="x14ac">'
        f'<sheetData><row r="2" spans="2:3" x14ac:dyDescent="0.25"><c r="B2" s="1" t="s">'
        f'<v>4</v></c></row></sheetData><extLst><ext uri="{{X}}"/></extLst></worksheet>'.encode())
    excel.write_range("C2", [[12]])
    excel.set_header("Nom")
    root = etree.fromstring(excel.to_bytes())
    assert root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable") \
        == "x14ac"
    row = root.find(f"{{{MAIN}}}sheetData/{{{MAIN}}}row")
    assert row.get("{urn:x14ac}dyDescent") == "0.25" and row.get("spans") is None
    assert [etree.QName(c).localname for c in root] == ["sheetData", "headerFooter", "extLst"]
    prefixed = SheetPatch(f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1">'
                          f'<x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData>'
                          f'</x:worksheet>'.encode())
    prefixed.write_range("B1", [["deux"]])
    assert b'<x:c r="B1" t="inlineStr"><x:is><x:t>deux</x:t></x:is></x:c>' in prefixed.to_bytes()


# -- any sheet, any writes: the patch against openpyxl ------------------------------------------

_TEXTS = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                               blacklist_characters="\ufffe\uffff"), max_size=8)
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**17, 10**17),
                    st.floats(-1e300, 1e300), _TEXTS,  # %.16g of ±1.8e308 reads as ±inf
                    st.sampled_from(["", " a ", "=1+1", "a\nb", "#REF!", "&<>\"'"]))
_REFS = st.tuples(st.integers(1, 6), st.integers(1, 9)).map(
    lambda cr: f"{get_column_letter(cr[0])}{cr[1]}")
_BLOCKS = st.lists(st.lists(_VALUES, min_size=1, max_size=4), min_size=1, max_size=4)
_WRITE = st.tuples(st.just("write_range"), _REFS, _BLOCKS)
_OPERATIONS = st.lists(st.one_of(
    _WRITE, _WRITE,
    st.tuples(st.just("clear_range"), st.tuples(_REFS, _REFS).map(
        lambda ab: ":".join(sorted(ab, key=lambda r: (len(r), r))))),
    st.tuples(st.just("set_row_heights"), st.dictionaries(st.integers(1, 10),
                                                          st.sampled_from([15.0, 30.5, 60.0]),
                                                          max_size=3)),
    # a project always has a name: openpyxl misreads the header of an empty left part
    st.tuples(st.just("set_header"), _TEXTS.filter(bool))), min_size=1, max_size=6)


def _base(cells: dict, styled: set) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for (row, column), value in cells.items():
        put(ws.cell(row, column), value)
    for row, column in styled:
        ws.cell(row, column).font = Font(bold=True)
    ws.row_dimensions[3].height = 40
    ws.oddHeader.right.text = "&A"
    out = io.BytesIO()
    OpenpyxlBook(wb).write(out)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(cells=st.dictionaries(st.tuples(st.integers(1, 8), st.integers(1, 5)), _VALUES,
                             max_size=12),
       styled=st.sets(st.tuples(st.integers(1, 8), st.integers(1, 5)), max_size=6),
       operations=_OPERATIONS)
def test_any_writes_on_any_sheet_read_as_openpyxl_writes_them(cells, styled, operations):
    """Random cells, styles and heights, then random writes, clears, heights and headers through
    the Book protocol: openpyxl reads the patched sheet as the one it writes itself."""
    base = _base(cells, styled)
    whole = OpenpyxlBook.load(io.BytesIO(base))
    title = whole.wb.active.title
    parts = _parts(base)
    patch = SheetPatch(parts["xl/worksheets/sheet1.xml"])
    for name, *args in operations:
        getattr(whole, name)(title, *args)
        if name == "set_header":
            args = [escape_header(*args)]
        getattr(patch, name)(*args)
    out = io.BytesIO()
    whole.write(out)
    parts["xl/worksheets/sheet1.xml"] = patch.to_bytes()
    patched = io.BytesIO()
    write_reproducible_parts(patched, parts.items())
    assert _content(patched.getvalue()) == _content(out.getvalue())
