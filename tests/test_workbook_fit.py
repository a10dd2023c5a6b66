"""The workbook a person fills: no text cut anywhere, every font named (no serif fallback),
French numbers in messages, input tabs before output tabs, a Guide whose steps follow them,
pages that print inside their margins."""
from __future__ import annotations

import openpyxl
import pytest

from forecast.examples import example_data
from plans import eight_offers
from report import textfit
from sheet_fit import LINE, _width, cut_texts
from workbook import narrative, schema
from workbook.jobs import build_example
from workbook.template import build_workbook


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fit")
    out = {"modèle": build_workbook()}
    for name, data in (("graphiste", example_data("graphiste")),
                       ("bijoux", example_data("bijoux")), ("huit offres", eight_offers())):
        out[name] = openpyxl.load_workbook(build_example(data, tmp / f"{name}.xlsx"))
    return out


@pytest.mark.parametrize("name", ["modèle", "graphiste", "bijoux", "huit offres"])
def test_no_text_is_cut(books, name):
    wb = books[name]
    cut = [p for ws in wb.worksheets if ws.sheet_state == "visible" for p in cut_texts(ws)]
    assert cut == []


def test_the_check_catches_a_cut_label():
    wb = build_workbook()
    ws = wb[schema.BENCHMARKS_SHEET.name]
    ws.column_dimensions["C"].width = 20  # the benchmarks' labels no longer fit
    assert any("Repères!C" in p for p in cut_texts(ws))
    guide = wb[schema.GUIDE]
    guide.row_dimensions[4].height = 15  # the welcome text wraps to two lines
    assert any(p.startswith("Guide!C4") for p in cut_texts(guide))


@pytest.mark.parametrize("name", ["modèle", "graphiste"])
def test_every_font_is_named(books, name):
    wb = books[name]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name, f"{ws.title}!{cell.coordinate}"


def test_messages_show_french_numbers(books):
    wb = books["modèle"]
    messages = [dv.error or "" for ws in wb.worksheets
                for dv in ws.data_validations.dataValidation]
    assert messages and not [m for m in messages if "e+" in m]
    assert any("1\u202f000\u202f000\u202f€" in m for m in messages)  # French typography: narrow no-break spaces


def test_input_tabs_come_first_and_the_guide_follows_them(books):
    wb = books["graphiste"]
    names = wb.sheetnames
    inputs = [s.name for s in schema.INPUT_SHEETS] + [narrative.TEXT_SHEET, narrative.GRID_SHEET]
    outputs = [schema.DASHBOARD] + [s.name for s in schema.OUTPUT_SHEETS]
    assert names[0] == schema.GUIDE
    assert max(names.index(n) for n in inputs) < min(names.index(n) for n in outputs)
    steps = [wb[schema.GUIDE].cell(r, 2).value for r in range(5, 30)]
    steps = [s.split(". ", 1)[1] for s in steps if s and s[0].isdigit()]
    assert steps[:len(inputs)] == [n for n in names if n in inputs]
    assert steps[-2:] == ["Calculer", "Exporter"]


def test_dashboard_charts_stay_inside_the_printed_columns(books):
    from openpyxl.utils.cell import (column_index_from_string, coordinate_from_string,
                                     get_column_letter, range_boundaries)
    ws = books["modèle"][schema.DASHBOARD]  # as built: a loaded workbook forgets chart sizes
    first, _, last, _ = range_boundaries(ws.print_area.split("!")[-1].replace("$", ""))

    def cm(col_from: int, col_to: int) -> float:  # 7 px a character, 37,8 px a centimetre
        return sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) * 7 / 37.8
                   for c in range(col_from, col_to))

    placed = []
    for chart in ws._charts:
        letter, row = coordinate_from_string(chart.anchor)
        placed.append((row, column_index_from_string(letter), chart.width))
    assert len(placed) == 4
    for row, col, width in placed:
        assert col >= first and cm(col, last + 1) >= width, (col, width)
        for other_row, other_col, _ in placed:  # side by side: no overlap
            if other_row == row and other_col > col:
                assert cm(col, other_col) >= width, (col, other_col, width)


def test_the_households_sentences_span_the_sheet_and_its_months_stay_on_screen(books):
    """« Revenus du foyer »: each line of the advice (rows 36-39) and of the assumptions
    (41-50) is one wrapped cell across B:F, the label and the four yearly columns, as tall as
    its text there (taller than its lines across B:F need, shorter than in B alone); the 36
    months from row 52 stay on screen: the pages print B1:F51."""
    ws = books["bijoux"]["Revenus du foyer"]
    assert ws.print_area == "'Revenus du foyer'!$B$1:$F$51"
    assert {str(r) for r in ws.merged_cells.ranges} == {
        f"B{r}:F{r}" for r in (*range(36, 40), *range(41, 51))}
    texts = [r for r in range(42, 51) if ws.cell(r, 2).value]
    assert len(texts) == 9
    for r in texts:
        cell, height = ws.cell(r, 2), ws.row_dimensions[r].height
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"

        def needs(last: int) -> float:
            return textfit.line_count(cell.value, _width(ws, 2, last), 11, False) * 11 * LINE
        assert needs(6) <= height < needs(2), (r, height)


def test_a_wide_block_spans_the_value_columns_it_declares():
    """The financing proposed is told in words: each value of the block declared `wide` is one
    cell across that many value columns (rows 63-67 of « Plan de financement », C:E), text
    left and figures right, the explanation taller; moved or narrowed by its declaration, the
    cells follow; a block not declared wide is not merged."""
    from dataclasses import replace
    from workbook.template import _output_sheet
    sheet = next(s for s in schema.OUTPUT_SHEETS if s.name == "Plan de financement")

    def laid_out(blocks):
        wb = openpyxl.Workbook()
        _output_sheet(wb, replace(sheet, blocks=blocks), "")
        ws = wb[sheet.name]
        return ws, sorted(str(r) for r in ws.merged_cells.ranges)
    ws, merged = laid_out(sheet.blocks)
    assert merged == [f"C{r}:E{r}" for r in range(63, 68)]
    assert [ws.cell(r, 3).alignment.horizontal for r in range(63, 68)] == [
        "left", "right", "right", "right", "left"]
    assert ws.row_dimensions[67].height == 64
    moved = tuple(replace(b, row=40, wide=2) if b.wide else b for b in sheet.blocks)
    assert laid_out(moved)[1] == [f"C{r}:D{r}" for r in range(41, 46)]
    assert laid_out(tuple(replace(b, wide=0) for b in sheet.blocks))[1] == []
