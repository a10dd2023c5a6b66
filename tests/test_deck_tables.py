"""The deck's native tables and charts (report/tables.py, report/charts.py): each cell looks
as its kind of row says, at the table's size, with its own text; every chart series keeps its
name, values and colour, however many there are."""
from __future__ import annotations

from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from report import charts, tables
from report.theme import INK, LIGHT, NAVY, SERIES, WHITE

LOOK = {"header": (NAVY, WHITE, True), "total": (LIGHT, NAVY, True),
        "section": (LIGHT, NAVY, True), "": (WHITE, INK, False)}


def _slide():
    prs = Presentation()
    return prs.slides.add_slide(prs.slide_layouts[6])


def test_cells_look_as_their_row_says_at_the_tables_size():
    slide = _slide()
    rows = [tables.Row(("Titre", "Année 1", "Année 2"), "header"),
            tables.Row(("Ventes", "1 000 €", "2 000 €")),
            tables.Row(("Charges", "", "")), tables.Row(("Section", "", ""), "section"),
            tables.Row(("Total", "3 000 €", "4 000 €"), "total")]
    widths = [int(Inches(3)), int(Inches(1.5)), int(Inches(1.5))]
    for size in (12, 9):  # a second table, another size: nothing of the first carried over
        shape = tables.add_table(slide, rows, 0, 0, widths, size)
        table = shape.table
        assert shape.height == sum(r.height for r in table.rows)
        assert shape.width == sum(widths) == sum(c.width for c in table.columns)
        for row, pptx_row in zip(rows, table.rows):
            fill, colour, bold = LOOK[row.kind]
            for c, (text, cell) in enumerate(zip(row.cells, pptx_row.cells)):
                p = cell.text_frame.paragraphs[0]
                assert cell.fill.fore_color.rgb == fill
                expected = PP_ALIGN.LEFT if c == 0 else \
                    PP_ALIGN.CENTER if row.kind == "header" else PP_ALIGN.RIGHT
                assert p.alignment == expected
                assert p._p.endParaRPr.get("sz") == str(size * 100)
                if not text:  # an empty cell has no run, only its end mark at the size
                    assert p.runs == ()
                    continue
                run, = p.runs
                assert run.text == text and run.font.color.rgb == colour
                assert bool(run.font.bold) == bold and run.font.size == Pt(size)


def test_every_series_keeps_its_name_values_and_colour():
    series = [(f"Offre {i}", [i, 2 * i, 3 * i]) for i in range(60)]
    chart = charts.columns(_slide(), 0, 0, int(Inches(8)), int(Inches(5)),
                           ("Année 1", "Année 2", "Année 3"), series, stacked=True)
    drawn = list(chart.plots[0].series)
    assert [(s.name, list(s.values)) for s in drawn] == [(n, [float(v) for v in vs])
                                                         for n, vs in series]
    assert [s.format.fill.fore_color.rgb for s in drawn] == \
        [SERIES[i % len(SERIES)] for i in range(60)]
    assert [s.index for s in drawn] == list(range(60))
