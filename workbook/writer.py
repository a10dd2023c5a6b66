"""Write a computed plan into the output sheets, as values, one block per `write_range` call.

Generic over `forecast.tables.Table`: a block is the table's header row then one row per line,
with each line's style ("total", "section", "percent"…) in the hidden column A, which the
template's conditional formats read — so a line or a column the engine adds simply appears,
formatted. What the new block does not cover of the old one's area is cleared, so a shorter
plan leaves nothing behind.
"""
from __future__ import annotations

from openpyxl.utils.cell import get_column_letter, range_boundaries

from forecast.french import date
from forecast.plan import BusinessPlan, master_check
from forecast.tables import Line, Table, make_table

from . import schema
from .book import Book
from .reader import Locator, check_sheets
from .schema import DASH, DASHBOARD, FIRST_COLUMN, KPI_LINES, STYLE_COLUMN, YEARLY_CHART_LINES
from .style import wrapped_height

HEADER_STYLE = "header"


def table_rows(table: Table) -> list[list]:
    """The block of a table: style, label, values; the header row first."""
    rows = table.rows()
    styles = [HEADER_STYLE] + [line.style or "amount" for line in table.lines]
    return [[style, *row] for style, row in zip(styles, rows)]


def _alerts_with_cells(plan: BusinessPlan, locator: Locator | None) -> Table:
    """The alerts table, plus the cell each alert points at when the locator knows it."""
    table = plan.tables["alertes"]
    if locator is None:
        return table
    cells = [locator.cell(a.path) if a.path else None for a in plan.alerts]
    lines = [Line(line.key, line.label, (*line.values, cell or ""), line.style)
             for line, cell in zip(table.lines, cells)]
    return make_table(table.key, table.title, (*table.columns, "Cellule"), lines,
                      table.column_keys)


def text_heights(block: schema.OutputBlock, rows: list[list], widths: tuple[float, ...],
                 least: float) -> dict[int, float]:
    """Each line of a block of wrapped texts as tall as its longest text needs in its column of
    `widths` (at least `least`), the template's height back on the rows a shorter table
    leaves."""
    out = {}
    for i in range(1, block.max_rows):
        line = rows[i] if i < len(rows) else []
        texts = [str(v) for v in line[1:] if v is not None]
        out[block.row + i] = max([least] + [
            wrapped_height(text, width) for text, width in zip(texts, widths)])
    return out


def _text_widths(sheet: schema.OutputSheet, block: schema.OutputBlock):
    """The widths and least height of a block's wrapped texts, or None: a sheet of texts, or
    a block of sentences spanning the label and value columns (`span`)."""
    if block.span:
        return (sheet.label_width + block.span * sheet.value_width,), 15.0
    if sheet.row_height:
        return (sheet.label_width, *sheet.column_widths), sheet.row_height
    return None


def _block_ref(block: schema.OutputBlock, rows: int = 0) -> str:
    last = get_column_letter(FIRST_COLUMN + block.max_cols)
    return f"{STYLE_COLUMN}{block.row}:{last}{block.row + max(block.max_rows, rows) - 1}"


def write_block(book: Book, sheet: str, area: str, rows: list[list]) -> None:
    """`rows` written from the top left cell of `area` (« A4:E83 »), and the rest of `area`
    cleared: what a shorter or narrower block leaves of the last one. The cells about to be
    written are not cleared first (each would be set twice)."""
    min_col, min_row, max_col, max_row = range_boundaries(area)
    last = min_row + len(rows) - 1  # the last row written
    width = min((len(row) for row in rows), default=0)  # the columns every row writes
    if rows and min_col + width <= max_col:
        book.clear_range(sheet, f"{get_column_letter(min_col + width)}{min_row}:"
                                f"{get_column_letter(max_col)}{min(last, max_row)}")
    if last < max_row:
        book.clear_range(sheet, f"{get_column_letter(min_col)}{last + 1}:"
                                f"{get_column_letter(max_col)}{max_row}")
    if rows:
        book.write_range(sheet, f"{get_column_letter(min_col)}{min_row}", rows)


def subtitle(plan: BusinessPlan) -> str:
    p = plan.assumptions.project
    return f"{p.name} — début d'activité le {date(p.start_date)}"


def write_outputs(book: Book, plan: BusinessPlan, locator: Locator | None = None) -> None:
    """Fill every output sheet and the dashboard's figures and chart data."""
    check_sheets(book, [s.name for s in schema.OUTPUT_SHEETS] + [DASHBOARD,
                                                                 schema.FLAGGED_SHEET])
    tables = dict(plan.tables)
    tables["alertes"] = _alerts_with_cells(plan, locator)
    check = master_check(plan)
    for sheet in schema.OUTPUT_SHEETS:
        write_sheet(book, sheet, tables, plan, check)
    write_dashboard(book, plan, check)
    set_header = getattr(book, "set_header", None)
    if set_header:
        set_header(DASHBOARD, plan.assumptions.project.name)
    if locator is not None:
        write_flagged_cells(book, plan, locator)


def write_sheet(book: Book, sheet: schema.OutputSheet, tables: dict[str, Table],
                plan: BusinessPlan, check: str) -> None:
    """The subtitle and `check` on top, then each block: filled when `tables` holds its table,
    the rest of its area cleared."""
    book.write_range(sheet.name, schema.SUBTITLE_CELL, [[subtitle(plan)], [check]])
    for block in sheet.blocks:
        rows = table_rows(tables[block.table]) if block.table in tables else []
        write_block(book, sheet.name, _block_ref(block, len(rows)), rows)
        set_heights = getattr(book, "set_row_heights", None)
        texts = _text_widths(sheet, block)
        if set_heights and texts:
            set_heights(sheet.name, text_heights(block, rows, *texts))
    set_header = getattr(book, "set_header", None)
    if set_header:
        set_header(sheet.name, plan.assumptions.project.name)


def flagged_cells(plan: BusinessPlan, locator: Locator) -> list[str]:
    """Every input cell a blocking or attention alert points at, « Offre!E8 », in order: for
    an alert about a whole column (all the offers' prices), only the rows that hold an input,
    not a table's spare rows."""
    cells: list[str] = []
    for alert in plan.alerts:
        ref = locator.cell(alert.path) if alert.path and alert.severity != "info" else None
        if not ref:
            continue
        sheet, _, area = ref.rpartition("!")
        min_col, min_row, max_col, max_row = range_boundaries(area)
        spare = locator.empty_rows(sheet) if max_row > min_row else set()
        cells += [f"{sheet}!{get_column_letter(c)}{r}" for r in range(min_row, max_row + 1)
                  if r not in spare for c in range(min_col, max_col + 1)]
    return list(dict.fromkeys(cells))[: schema.FLAGGED_ROWS]


def write_flagged_cells(book: Book, plan: BusinessPlan, locator: Locator) -> None:
    """The list the input sheets' conditional formats read: inputs stay untouched."""
    write_block(book, schema.FLAGGED_SHEET, f"A2:A{schema.FLAGGED_ROWS + 1}",
                [[c] for c in flagged_cells(plan, locator)])


def _values(plan: BusinessPlan, table: str, key: str) -> list:
    try:
        return list(plan.tables[table].line(key).values)
    except KeyError:
        return [None] * 3


def _yearly_series(plan: BusinessPlan) -> dict[str, list]:
    def line(table: str, key: str) -> list:
        return _values(plan, table, key)
    out = {
        "ca": line("compte_de_resultat", "chiffre_affaires"),
        "resultat": line("compte_de_resultat", "resultat"),
        "charges": line("indicateurs", "charges_totales"),
        "seuil": line("indicateurs", "seuil_rentabilite"),
        "revenu_mensuel": line("indicateurs", "revenu_mensuel"),
        "point_mort": line("indicateurs", "point_mort_mois"),
        "tresorerie_fin": line("indicateurs", "tresorerie_fin_annee"),
        "tresorerie_min": line("indicateurs", "tresorerie_min_annee"),
    }
    for _, key in schema.COST_LINES:
        out[key] = _values(plan, "compte_de_resultat", key)
    return out


def _short_month(key: str) -> str:
    """"2026-03" -> "03/26": short enough for a chart axis."""
    year, _, month = str(key).partition("-")
    return f"{month}/{year[2:]}" if month and len(year) == 4 else str(key)


def _year_labels() -> list[str]:
    return [f"Année {y}" for y in (1, 2, 3)]


def write_dashboard(book: Book, plan: BusinessPlan, check: str | None = None) -> None:
    series = _yearly_series(plan)
    book.write_range(DASHBOARD, schema.SUBTITLE_CELL, [[subtitle(plan)],
                                                      [check or master_check(plan)]])
    kpis = [[HEADER_STYLE, "Chiffres clés", *_year_labels()]]
    kpis += [["text" if key == "point_mort" else "amount", label, *series[key]]
             for label, key in KPI_LINES]
    write_block(book, DASHBOARD, f"A{DASH.kpi_row}:E{DASH.kpi_row + DASH.kpi_rows - 1}", kpis)

    yearly = [[HEADER_STYLE, "Par année", *_year_labels()]]
    yearly += [["amount", label, *series[key]] for label, key in YEARLY_CHART_LINES]
    write_block(book, DASHBOARD, f"A{DASH.yearly_row}:E{DASH.yearly_row + len(yearly) - 1}",
                yearly)

    cash = plan.tables["tresorerie"]
    minimum = plan.assumptions.project.minimum_cash
    monthly = [["Mois", "Trésorerie en fin de mois", "Trésorerie minimale"]]
    monthly += [[_short_month(key), value, minimum] for key, value in
                zip(cash.column_keys or cash.columns, cash.line("tresorerie_fin").values)]
    left = get_column_letter(DASH.monthly_col)
    right = get_column_letter(DASH.monthly_col + 2)
    write_block(book, DASHBOARD, f"{left}{DASH.monthly_row}:{right}"
                                 f"{DASH.monthly_row + schema.HORIZON}", monthly)
