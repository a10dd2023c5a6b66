"""Build the workbook from the schema (openpyxl): the Guide, the input sheets, the output sheets
with their formats, the dashboard's charts, print settings and protection.

`build_workbook(data)` fills the inputs from an assumptions dict (an example) when given one;
unknown keys are ignored. Outputs are left empty: `jobs.compute_book` fills them.
"""
from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.chart import AreaChart, BarChart, LineChart, Reference, Series
from openpyxl.chart.legend import LegendEntry
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.formatting.rule import Rule
from openpyxl.utils.cell import get_column_letter, quote_sheetname
from openpyxl.utils.cell import range_boundaries as _bounds
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from forecast.activity import ACTIVITY_LABELS, parse_activity
from forecast.assumptions import DATE_SERIALS, UNEMPLOYMENT_CHOICES
from forecast.french import date, quantity
from forecast.tables import Line

from . import narrative, schema
from .cells import put
from .style import font, print_setup, wrapped_height
from .schema import (DASH, DASHBOARD, DATE_FORMAT, DAYS_FORMAT, EURO_FORMAT, FIRST_COLUMN,
                     GUIDE, LISTS, LISTS_SHEET, MONTHS_BY_COEFFICIENT,
                     MONTHS_BY_QUANTITY, MONTHS_FORMAT, NUMBER_FORMAT, PERCENT_FORMAT,
                     TIMES_FORMAT, Column, Field, InputSheet, InputTable)

# FAST colours: inputs pale yellow with blue text; calculations untouched; headers navy.
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
INPUT_FONT = font(color="1F3FBF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = font(bold=True, color="FFFFFF")
SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="BFBFBF")
INPUT_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = font(bold=True, size=15, color="1F3864")
SUBTITLE_FONT = font(italic=True, color="595959")
HELP_FONT = font(italic=True, size=9, color="595959")
BOLD_FONT = font(bold=True)
TEXT_FONT = font()
EXTRA_VALIDATION_ROWS = 300  # below the last table of a sheet, rows it may grow into

KIND_FORMATS = {schema.EUROS: EURO_FORMAT, schema.PERCENT: PERCENT_FORMAT,
                schema.DATE: DATE_FORMAT, schema.NUMBER: NUMBER_FORMAT,
                schema.MONTH: "General", schema.INTEGER: "0", schema.TEXT: "@"}


def _styles(wb: Workbook) -> None:
    style = NamedStyle("Saisie", fill=INPUT_FILL, font=INPUT_FONT, border=INPUT_BORDER)
    wb.add_named_style(style)


def _name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(sheet)}!{ref}")


def _absolute(col: int, row: int, col2: int | None = None, row2: int | None = None) -> str:
    ref = f"${get_column_letter(col)}${row}"
    if col2 is not None:
        ref += f":${get_column_letter(col2)}${row2}"
    return ref


def _title(ws, title: str, intro: str = "") -> None:
    ws["B1"] = title
    ws["B1"].font = TITLE_FONT
    ws.row_dimensions[1].height = 24
    if intro:
        ws["B2"] = intro
        ws["B2"].font = SUBTITLE_FONT


INTRO_WIDTH = 100  # an input sheet's introduction wraps over about this many characters


def _wrap_intro(ws) -> None:
    """The introduction under an input sheet's title wraps over the first columns (a page's
    width) instead of running off the printed page."""
    if not ws["B2"].value or any(r.min_row == 2 for r in ws.merged_cells.ranges):
        return
    width, last = 0.0, FIRST_COLUMN
    while width < INTRO_WIDTH and last < ws.max_column:
        width += ws.column_dimensions[get_column_letter(last)].width or 8.43
        last += 1
    ws.merge_cells(start_row=2, start_column=FIRST_COLUMN, end_row=2, end_column=last - 1)
    ws["B2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = wrapped_height(ws["B2"].value, width)


def _validation(item: Field | Column, label: str,
                below: tuple[str, str] | None = None) -> DataValidation | None:
    """The Excel data validation of an input, from its spec: a list for a choice, bounds for
    a number (`below`: at most the same row's cell of that column, less one, and its label),
    the first covered day for a date. Its message is in French numbers."""
    s = item.spec
    unit = s.message_unit
    if item.choices:
        dv = DataValidation(type="list", formula1=f"={item.choices}", allow_blank=True)
        dv.error = f"Choisissez une valeur de la liste pour « {label} »."
    elif s.kind == schema.MONTH:  # a month number, or a month typed as a date (its serial)
        dv = DataValidation(type="whole", operator="between", formula1=str(s.lo),
                            formula2=str(DATE_SERIALS[-1]), allow_blank=True)
        dv.error = (f"« {label} » : saisissez un mois du plan, de {s.lo} à {s.hi}, ou sa date "
                    "(03/2026).")
    elif s.kind in schema.NUMBER_KINDS:
        number_type = "whole" if s.integer else "decimal"
        lo = s.lo or 0
        if below:
            hi, most = f"MAX({below[0]}-1,0)", f"« {below[1]} » moins 1 mois"
        elif s.hi is not None:
            hi, most = str(s.hi), quantity(s.hi, unit)
        else:
            hi = None
        if hi is None:
            dv = DataValidation(type=number_type, operator="greaterThanOrEqual",
                                formula1=str(lo), allow_blank=True)
            bounds = f"au moins {quantity(lo, unit)}"
        else:
            dv = DataValidation(type=number_type, operator="between", formula1=str(lo),
                                formula2=hi, allow_blank=True)
            bounds = f"entre {quantity(lo, unit)} et {most}"
        whole = " entier" if number_type == "whole" else ""
        dv.error = f"« {label} » : saisissez un nombre{whole} {bounds}."
    elif s.kind == schema.DATE:
        serial = (s.lo - dt.date(1899, 12, 30)).days
        dv = DataValidation(type="date", operator="greaterThanOrEqual", formula1=str(serial),
                            allow_blank=True)
        dv.error = (f"« {label} » : saisissez une date à partir du "
                    f"{date(s.lo)} (jj/mm/aaaa).")
    else:
        return None
    dv.errorTitle = "Saisie non valide"
    dv.showErrorMessage = True
    if s.help:
        dv.promptTitle = label[:32]
        dv.prompt = s.help[:250]
        dv.showInputMessage = True
    return dv


def _input_cell(cell, kind: str) -> None:
    cell.style = "Saisie"
    cell.number_format = KIND_FORMATS.get(kind, "General")
    cell.protection = Protection(locked=False)


# -- values from an assumptions dict ----------------------------------------------------------

def _field_value(f: Field, data: dict):
    node = data
    for step in f.path:
        if not isinstance(node, dict) or step not in node:
            return _to_cell(f.kind, f.key, f.default)
        node = node[step]
    return _to_cell(f.kind, f.key, node)


def _to_cell(kind: str, key: str, value):
    if value is None:
        return None
    if kind == schema.FLAG:
        return "oui" if value in (True, "oui", "true", 1) else "non"
    if key == "activity":
        try:
            return ACTIVITY_LABELS[parse_activity(value)]
        except ValueError:
            return str(value)
    if key == "choice":  # the founder's option, typed as its code in a plan's data
        return UNEMPLOYMENT_CHOICES.get(str(value).strip().lower(), str(value))
    if kind == schema.DATE:
        date = schema.excel_date(value)
        return dt.datetime.combine(date, dt.time()) if date else None
    return value


def _offer_cells(row: dict) -> dict:
    """An offer dict -> the table's cells (months and their mode)."""
    out = {k: v for k, v in row.items() if k not in ("quantities", "seasonality")}
    if row.get("quantities"):
        out["months_mode"] = MONTHS_BY_QUANTITY
        out["by_month"] = list(row["quantities"])
    else:
        out["months_mode"] = MONTHS_BY_COEFFICIENT
        out["by_month"] = list(row.get("seasonality") or [1] * 12)
    return out


def _table_rows(t: InputTable, data: dict) -> list[dict]:
    node = data
    for step in t.path:
        node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            return []
    rows = [r for r in node if isinstance(r, dict)]
    return [_offer_cells(r) for r in rows] if t.path == ("offers",) else rows


# -- input sheets ------------------------------------------------------------------------------

def _fields_block(wb: Workbook, ws, sheet: InputSheet, data: dict, row: int) -> int:
    heads = [sheet.fields_title or "Paramètre", "Valeur", "Unité", "Aide"]
    for i, text in enumerate(heads):
        cell = ws.cell(row, FIRST_COLUMN + i, text)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    widths = [ws.column_dimensions[get_column_letter(FIRST_COLUMN + i)].width for i in range(4)]
    for f in sheet.fields:
        row += 1
        label = ws.cell(row, FIRST_COLUMN, f.label)
        label.font, label.alignment = TEXT_FONT, Alignment(wrap_text=True, vertical="top")
        _field_cell(wb, ws, f, data, row, FIRST_COLUMN + 1)
        # on a row made tall by its label or help, the value and unit stay beside the label;
        # a long text wraps over its lines
        ws.cell(row, FIRST_COLUMN + 1).alignment = Alignment(wrap_text=f.lines > 1,
                                                             vertical="top")
        unit = ws.cell(row, FIRST_COLUMN + 2, f.unit)
        unit.font, unit.alignment = HELP_FONT, Alignment(vertical="top")
        help_cell = ws.cell(row, FIRST_COLUMN + 3, f.help)
        help_cell.font = HELP_FONT
        height = wrapped_height(f.label, widths[0])
        if not sheet.tables:  # the help has its column; beside tables it runs to the right
            help_cell.alignment = Alignment(wrap_text=True, vertical="top")
            height = max(height, wrapped_height(f.help, widths[3], 9))
        if f.lines > 1:
            height = max(height, 15 * f.lines)
        ws.row_dimensions[row].height = height
    return row + 2


def _field_cell(wb: Workbook, ws, f: Field, data: dict, row: int, col: int) -> None:
    """A scalar input: its value, its style, its defined name and its validation."""
    value = ws.cell(row, col)
    put(value, _field_value(f, data))
    _input_cell(value, f.kind)
    _name(wb, f.name, ws.title, _absolute(col, row))
    dv = _validation(f, f.label)
    if dv:
        ws.add_data_validation(dv)
        dv.add(value.coordinate)


GRID_HELP_WIDTH = 80


def _grids_block(wb: Workbook, ws, sheet: InputSheet, data: dict, row: int) -> int:
    """Each grid: a header row (the driver, one column per case, unit, help), then one row per
    driver. Fixed values (the plan as typed) are shown, not input."""
    width = max(len(g.headers) for g in sheet.grids)
    unit_col, help_col = FIRST_COLUMN + 1 + width, FIRST_COLUMN + 2 + width
    for c in range(width):
        ws.column_dimensions[get_column_letter(FIRST_COLUMN + 1 + c)].width = 16
    ws.column_dimensions[get_column_letter(unit_col)].width = 8
    ws.column_dimensions[get_column_letter(help_col)].width = GRID_HELP_WIDTH
    ws.merge_cells(start_row=2, start_column=FIRST_COLUMN, end_row=2, end_column=help_col)
    ws["B2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = wrapped_height(sheet.intro, 40 + 16 * width + 8 +
                                                 GRID_HELP_WIDTH)
    top = Alignment(vertical="top")
    for grid in sheet.grids:
        heads = [grid.title, *grid.headers]
        for i, text in enumerate(heads + [""] * (width - len(grid.headers)) + ["Unité", "Aide"]):
            cell = ws.cell(row, FIRST_COLUMN + i, text)
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[row].height = 30
        for line in grid.rows:
            row += 1
            ws.cell(row, FIRST_COLUMN, line.label).alignment = Alignment(wrap_text=True,
                                                                         vertical="top")
            kind = next(c.kind for c in line.cells if isinstance(c, Field))
            for i, cell in enumerate(line.cells):
                col = FIRST_COLUMN + 1 + i
                if isinstance(cell, Field):
                    _field_cell(wb, ws, cell, data, row, col)
                else:
                    shown = ws.cell(row, col, cell)
                    shown.number_format = KIND_FORMATS.get(kind, "General")
                    shown.font = SUBTITLE_FONT
                ws.cell(row, col).alignment = top
            ws.cell(row, unit_col, line.unit).font = HELP_FONT
            help_cell = ws.cell(row, help_col, line.help)
            help_cell.font = HELP_FONT
            help_cell.alignment = Alignment(wrap_text=True, vertical="top")
            label_width = ws.column_dimensions[get_column_letter(FIRST_COLUMN)].width
            ws.row_dimensions[row].height = max(wrapped_height(line.help, GRID_HELP_WIDTH, 9),
                                                wrapped_height(line.label, label_width))
        row += 2
    return row


def _table_block(ws, t: InputTable, data: dict, row: int, last: bool) -> int:
    """Unit row, help row, then the Excel table (header + rows). Returns the next free row."""
    values = _table_rows(t, data)
    count = max(t.rows, len(values) + 1)
    unit_row, help_row, header_row = row, row + 1, row + 2
    ws.cell(unit_row, FIRST_COLUMN - 1, "Unité").font = HELP_FONT
    ws.cell(help_row, FIRST_COLUMN - 1, "Aide").font = HELP_FONT
    month = 0
    help_height = header_height = 15.0
    for i, c in enumerate(t.columns):
        col = FIRST_COLUMN + i
        letter = get_column_letter(col)
        ws.cell(unit_row, col, c.unit).font = HELP_FONT
        cell = ws.cell(help_row, col, c.help if c.key != "by_month" or month == 0 else None)
        cell.font = HELP_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        head = ws.cell(header_row, col, c.header)
        head.fill, head.font = HEADER_FILL, HEADER_FONT
        head.alignment = Alignment(wrap_text=True, vertical="center")
        current = ws.column_dimensions[letter].width or 0
        width = ws.column_dimensions[letter].width = max(current, c.width)
        help_height = max(help_height, wrapped_height(cell.value or "", width, 9))
        header_height = max(header_height, wrapped_height(c.header, width, bold=True))
        for r in range(count):
            cell = ws.cell(header_row + 1 + r, col)
            if r < len(values):
                if c.key == "by_month":
                    months = values[r].get("by_month") or []
                    put(cell, months[month] if month < len(months) else None)
                else:
                    put(cell, _to_cell(c.kind, c.key, values[r].get(c.key)))
            if c.shown != "input":  # planae's own text: locked, not styled as an input
                cell.font = HELP_FONT if c.shown == "key" else TEXT_FONT
                continue
            _input_cell(cell, c.kind)
            if c.kind in (schema.TEXT, schema.CHOICE):  # a long name is drawn smaller, never cut
                cell.alignment = Alignment(shrink_to_fit=True)
        below = None
        if c.below:
            bound = t.column(c.below)
            below = (f"{get_column_letter(FIRST_COLUMN + t.columns.index(bound))}"
                     f"{header_row + 1}", bound.header)
        dv = _validation(c, c.header, below)
        if dv:
            ws.add_data_validation(dv)
            end = header_row + count + (EXTRA_VALIDATION_ROWS if last else 0)
            dv.add(f"{letter}{header_row + 1}:{letter}{end}")
        if c.key == "by_month":
            month += 1
    ws.row_dimensions[help_row].height = help_height
    ws.row_dimensions[header_row].height = header_height
    ref = f"{get_column_letter(FIRST_COLUMN)}{header_row}:" \
          f"{get_column_letter(FIRST_COLUMN + len(t.columns) - 1)}{header_row + count}"
    table = Table(displayName=t.name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=t.style, showRowStripes=True)
    ws.add_table(table)
    return header_row + count + 3


def _input_sheet(wb: Workbook, sheet: InputSheet, data: dict, project: str) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.sheet_properties.tabColor = INPUT_TAB
    _title(ws, sheet.title, sheet.intro)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 18
    row = 4
    if sheet.grids:
        row = _grids_block(wb, ws, sheet, data, row)
    elif sheet.fields:
        if not sheet.tables:  # the value and help columns are the sheet's only columns
            ws.column_dimensions["C"].width = 52
            ws.column_dimensions["E"].width = 70
        row = _fields_block(wb, ws, sheet, data, row)
    else:
        row = 5
    for i, t in enumerate(sheet.tables):
        if len(sheet.tables) > 1 or sheet.fields:
            ws.cell(row, FIRST_COLUMN, f"{t.label}s" if not t.label.endswith("s") else t.label)
            ws.cell(row, FIRST_COLUMN).font = font(bold=True, size=12, color="1F3864")
            row += 1
        row = _table_block(ws, t, data, row, last=i == len(sheet.tables) - 1)
    _wrap_intro(ws)
    ws.freeze_panes = "B4" if sheet.fields else None
    months = [FIRST_COLUMN + i for t in sheet.tables for i, c in enumerate(t.columns)
              if c.key == "by_month"]
    if months:  # the offers and their 12 months print on 3 pages, each with the offer's name
        first = get_column_letter(FIRST_COLUMN)
        ws.print_title_cols = f"{first}:{first}"
    print_setup(ws, project, landscape=True, pages_wide=3 if months else 1)
    # a sheet with planae's own texts (Repères: keys and labels) is protected, inputs open
    ws.protection.sheet = any(c.shown != "input" for t in sheet.tables for c in t.columns)


# -- output sheets -----------------------------------------------------------------------------

def _dxf(**kw) -> DifferentialStyle:
    return DifferentialStyle(**kw)


def _style_rules(ws, ref: str, first_row: int) -> None:
    """Conditional formats keyed on the hidden style column A (written by the writer)."""
    a = f"$A{first_row}"
    rules = [
        ("header", _dxf(font=Font(bold=True, color="FFFFFF"), fill=HEADER_FILL)),
        ("section", _dxf(font=Font(bold=True, color="1F3864"), fill=SECTION_FILL)),
        ("total", _dxf(font=Font(bold=True), border=Border(top=Side(style="thin")))),
        ("percent", _dxf(numFmt=NumberFormat(numFmtId=170, formatCode=PERCENT_FORMAT))),
        ("days", _dxf(numFmt=NumberFormat(numFmtId=171, formatCode=DAYS_FORMAT))),
        ("months", _dxf(numFmt=NumberFormat(numFmtId=172, formatCode=MONTHS_FORMAT))),
        ("times", _dxf(numFmt=NumberFormat(numFmtId=173, formatCode=TIMES_FORMAT))),
    ]
    for style, dxf in rules:
        rule = Rule(type="expression", dxf=dxf, formula=[f'{a}="{style}"'], stopIfTrue=False)
        ws.conditional_formatting.add(ref, rule)


def _wide_texts(ws, sheet: schema.OutputSheet) -> None:
    """A block of words (`wide`: the financing the solver proposes, told in words): each of
    its values one cell across `wide` value columns (the explanation wrapped over a few lines)
    instead of being cut at one column's width."""
    for block in (b for b in sheet.blocks if b.wide):
        first, last = FIRST_COLUMN + 1, FIRST_COLUMN + block.wide
        for i, line in enumerate(_fixed_lines(block.table)):
            row = block.row + 1 + i
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
            ws.cell(row, first).alignment = Alignment(
                wrap_text=True, vertical="top",
                horizontal="left" if line.style == "text" else "right")
            ws.cell(row, FIRST_COLUMN).alignment = Alignment(vertical="top")
            if line.key == "explication":
                ws.row_dimensions[row].height = 64


def _fixed_lines(table: str) -> tuple[Line, ...]:
    """The lines of an output table that has the same lines in every plan, by its key: what
    the template lays out before anything is computed."""
    from forecast.financing import FinancingNeed
    from forecast.plan import need_table
    fixed = (need_table(FinancingNeed("aucun", 0.0, None, None, "")),)
    return {t.key: t for t in fixed}[table].lines


def _spanning_texts(ws, sheet: schema.OutputSheet) -> None:
    """A block of sentences (`span`: the household's advice and assumptions): each line one
    cell across the label and `span` value columns, wrapped (the writer sets each row's height
    to its text). A block not `printed` stays on screen: the print area, as wide as the
    printed blocks, ends above it."""
    hidden = [block.row for block in sheet.blocks if not block.printed]
    if hidden:
        widest = max(max(b.max_cols, b.span) for b in sheet.blocks if b.printed)
        ws.print_area = f"B1:{get_column_letter(FIRST_COLUMN + widest)}{min(hidden) - 1}"
    for block in (b for b in sheet.blocks if b.span):
        for row in range(block.row, block.row + block.max_rows):
            ws.merge_cells(start_row=row, start_column=FIRST_COLUMN, end_row=row,
                           end_column=FIRST_COLUMN + block.span)
            ws.cell(row, FIRST_COLUMN).alignment = Alignment(wrap_text=True, vertical="top")


def _output_sheet(wb: Workbook, sheet: schema.OutputSheet, project: str) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.sheet_properties.tabColor = OUTPUT_TAB
    _title(ws, sheet.title)
    ws["B2"].font = SUBTITLE_FONT
    ws[schema.CHECK_CELL] = "Contrôles : pas encore calculé. Feuille calculée par planae (bouton " \
                            "Calculer ou « planae compute ») : ne pas saisir ici."
    ws[schema.CHECK_CELL].font = HELP_FONT
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = sheet.label_width
    widest = max(b.max_cols for b in sheet.blocks)
    for c in range(widest):
        width = sheet.column_widths[c] if c < len(sheet.column_widths) else sheet.value_width
        ws.column_dimensions[get_column_letter(FIRST_COLUMN + 1 + c)].width = width
    texts = bool(sheet.column_widths)  # a sheet of texts (alerts, readings): wrapped
    for block in sheet.blocks:
        last_col = get_column_letter(FIRST_COLUMN + block.max_cols)
        end = block.row + block.max_rows - 1
        header = ws.row_dimensions[block.row]
        header.height = 34  # two lines of bold titles: « Année 1 (03/2026 – 02/2027) »
        for col in range(FIRST_COLUMN, FIRST_COLUMN + block.max_cols + 1):
            ws.cell(block.row, col).alignment = Alignment(wrap_text=True, vertical="center",
                                                          horizontal="center" if col > 2
                                                          else "left")
            for r in range(block.row + 1, end + 1):
                cell = ws.cell(r, col)
                if texts:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                elif col > FIRST_COLUMN:
                    cell.number_format = EURO_FORMAT
                    cell.alignment = Alignment(horizontal="right")
                else:  # a label typed by the person may be long: drawn smaller, never cut
                    cell.alignment = Alignment(shrink_to_fit=True)
        _style_rules(ws, f"B{block.row}:{last_col}{end}", block.row)
    _wide_texts(ws, sheet)
    _spanning_texts(ws, sheet)
    if sheet.row_height:  # texts run to a few lines: LibreOffice keeps stored heights
        for block in sheet.blocks:
            for r in range(block.row + 1, block.row + block.max_rows):
                ws.row_dimensions[r].height = sheet.row_height
    if sheet.name == "Trésorerie":
        ws.freeze_panes = "C5"
        ws.print_title_cols = "B:B"
        from openpyxl.worksheet.pagebreak import Break, ColBreak
        breaks = ColBreak()
        for k in (12, 24):
            breaks.append(Break(id=FIRST_COLUMN + k))
        ws.col_breaks = breaks
        print_setup(ws, project, landscape=True, scale=62)
    else:
        ws.freeze_panes = f"C{sheet.blocks[0].row + 1}"
        print_setup(ws, project, landscape=sheet.landscape)
    if sheet.page_breaks:
        from openpyxl.worksheet.pagebreak import Break, RowBreak
        ws.row_breaks = RowBreak(brk=[Break(id=row) for row in sheet.page_breaks])
    ws.protection.sheet = True


# -- dashboard ---------------------------------------------------------------------------------

def _dashboard(wb: Workbook, project: str) -> None:
    ws = wb.create_sheet(DASHBOARD)
    ws.sheet_properties.tabColor = DASHBOARD_TAB
    _title(ws, "Tableau de bord")
    ws["B2"].font = SUBTITLE_FONT
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 38
    for letter in "CDE":
        ws.column_dimensions[letter].width = 18
    ws.column_dimensions["F"].width = 4
    ws.column_dimensions["G"].width = 18
    ws.column_dimensions["H"].width = 16
    ws.column_dimensions["I"].width = 16
    kpi_end = DASH.kpi_row + DASH.kpi_rows - 1
    for r in range(DASH.kpi_row, kpi_end + 1):
        for c in range(3, 6):
            ws.cell(r, c).number_format = EURO_FORMAT
            ws.cell(r, c).alignment = Alignment(horizontal="right")
    _style_rules(ws, f"B{DASH.kpi_row}:E{kpi_end}", DASH.kpi_row)

    ws.cell(DASH.data_row, 2, "Données des graphiques (remplies par Calculer, non imprimées)")
    ws.cell(DASH.data_row, 2).font = HELP_FONT
    yearly_end = DASH.yearly_row + len(schema.YEARLY_CHART_LINES)
    for r in range(DASH.yearly_row, yearly_end + 1):
        for c in range(3, 6):
            ws.cell(r, c).number_format = EURO_FORMAT
    _style_rules(ws, f"B{DASH.yearly_row}:E{yearly_end}", DASH.yearly_row)
    m = DASH.monthly_col
    for c in range(m, m + 3):
        head = ws.cell(DASH.monthly_row, c)
        head.fill, head.font = HEADER_FILL, HEADER_FONT
        head.alignment = Alignment(wrap_text=True)
        for r in range(DASH.monthly_row + 1, DASH.monthly_row + schema.HORIZON + 1):
            ws.cell(r, c).number_format = EURO_FORMAT
    ws.row_dimensions[DASH.monthly_row].height = 48
    _charts(ws)
    ws.print_area = f"B1:{get_column_letter(m + 2)}{DASH.data_row - 1}"
    print_setup(ws, project)
    ws.protection.sheet = True


def _row_series(ws, row: int) -> Series:
    values = Reference(ws, min_col=2, max_col=5, min_row=row, max_row=row)
    return Series(values, title_from_data=True)


def _years(ws) -> Reference:
    return Reference(ws, min_col=3, max_col=5, min_row=DASH.yearly_row, max_row=DASH.yearly_row)


# A chart's width (cm) fits the columns it sits on (B:D, then E:I): 7 pixels a character of
# width, 37,8 pixels a centimetre — so the charts stay inside the printed page.
CHART_WIDTH = 13.0


def _place(chart, ws, anchor: str, title: str) -> None:
    chart.title = title
    chart.height = 9
    chart.width = CHART_WIDTH
    chart.legend.position = "b"
    ws.add_chart(chart, anchor)


def _bar() -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.y_axis.title = "€"
    chart.y_axis.numFmt = '#,##0'
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _charts(ws) -> None:
    rows = {key: DASH.yearly_row + 1 + i for i, (_, key) in enumerate(schema.YEARLY_CHART_LINES)}
    top = DASH.chart_row
    second = top + 17

    chart = _bar()
    for key in ("ca", "charges", "resultat"):
        chart.series.append(_row_series(ws, rows[key]))
    chart.set_categories(_years(ws))
    _place(chart, ws, f"B{top}", "Chiffre d'affaires, charges et résultat")

    line = LineChart()
    m = DASH.monthly_col
    data = Reference(ws, min_col=m + 1, max_col=m + 2, min_row=DASH.monthly_row,
                     max_row=DASH.monthly_row + schema.HORIZON)
    line.add_data(data, titles_from_data=True)
    line.set_categories(Reference(ws, min_col=m, min_row=DASH.monthly_row + 1,
                                  max_row=DASH.monthly_row + schema.HORIZON))
    for s in line.series:
        s.smooth = False
        s.marker.symbol = "none"
    line.series[1].graphicalProperties.line.dashStyle = "dash"
    line.series[1].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.solidFill = "1F3864"
    line.y_axis.numFmt = '#,##0'
    line.y_axis.title = "€"
    line.x_axis.tickLblSkip = 3
    line.x_axis.delete = False
    line.y_axis.delete = False
    _place(line, ws, f"E{top}", "Trésorerie mensuelle et trésorerie minimale")

    costs = _bar()
    costs.grouping = "stacked"
    costs.overlap = 100
    for _, key in schema.COST_LINES:
        costs.series.append(_row_series(ws, rows[key]))
    costs.set_categories(_years(ws))
    _place(costs, ws, f"B{second}", "Structure des charges")

    be = _bar()
    for key in ("ca", "seuil"):
        be.series.append(_row_series(ws, rows[key]))
    be.set_categories(_years(ws))
    _place(be, ws, f"E{second}", "Seuil de rentabilité et chiffre d'affaires")


# -- risk sheets -------------------------------------------------------------------------------

def _block(sheet: schema.OutputSheet, table: str) -> schema.OutputBlock:
    return next(b for b in sheet.blocks if b.table == table)


def _fan_chart(ws) -> AreaChart:
    """Cash percentiles as a fan: stacked areas from the 10th percentile (transparent) to the
    median and to the 90th percentile; the median and the minimum cash as lines."""
    from forecast.risk_report import MONTHLY_KEYS
    fan = _block(schema.RISK_RESULTS, "eventail")
    months = Reference(ws, min_col=FIRST_COLUMN + 1, max_col=FIRST_COLUMN + schema.HORIZON,
                       min_row=fan.row)

    def rows(block: schema.OutputBlock, first: int, last: int) -> Reference:
        return Reference(ws, min_col=FIRST_COLUMN, max_col=FIRST_COLUMN + schema.HORIZON,
                         min_row=block.row + first, max_row=block.row + last)

    area = AreaChart()
    area.grouping = "stacked"
    area.add_data(rows(fan, 1, 3), from_rows=True, titles_from_data=True)
    area.set_categories(months)
    area.series[0].graphicalProperties.noFill = True
    area.series[0].graphicalProperties.line.noFill = True
    for s, colour in zip(area.series[1:], ("9DC3E6", "DEEBF7")):
        s.graphicalProperties.solidFill = colour
        s.graphicalProperties.line.noFill = True
    line = LineChart()
    median = 1 + MONTHLY_KEYS.index("p50")
    line.add_data(rows(_block(schema.RISK_RESULTS, "risque_mensuel"), median, median),
                  from_rows=True, titles_from_data=True)
    line.add_data(rows(fan, 4, 4), from_rows=True, titles_from_data=True)
    line.set_categories(months)
    for s, colour in zip(line.series, ("1F3864", "C00000")):
        s.smooth = False
        s.marker.symbol = "none"
        s.graphicalProperties.line.solidFill = colour
    line.series[1].graphicalProperties.line.dashStyle = "dash"
    area += line
    area.legend.legendEntry = [LegendEntry(idx=0, delete=True)]
    area.y_axis.numFmt = "#,##0"
    area.y_axis.title = "€"
    area.x_axis.tickLblSkip = 3
    area.x_axis.delete = False
    area.y_axis.delete = False
    return area


def _tornado_chart(ws) -> BarChart:
    """Each driver alone: its unfavourable and favourable effect on the lowest cash, the
    largest on top."""
    block = _block(schema.RISK_RESULTS, "sensibilites")
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.add_data(Reference(ws, min_col=FIRST_COLUMN + 1, max_col=FIRST_COLUMN + 2,
                             min_row=block.row, max_row=block.row + 6), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=FIRST_COLUMN, min_row=block.row + 1,
                                   max_row=block.row + 6))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.tickLblPos = "low"
    for s, colour in zip(chart.series, ("E07A5F", "2A9D8F")):
        s.graphicalProperties.solidFill = colour
        s.invertIfNegative = False
    chart.y_axis.numFmt = "#,##0"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _risk_sheets(wb: Workbook, project: str) -> None:
    """The scenarios' and the simulation's output sheets; on « Risques » the fan and tornado
    charts beside the tables and the method, in plain French, below them."""
    from forecast.risk_report import METHOD
    for sheet in schema.RISK_SHEETS:
        _output_sheet(wb, sheet, project)
    ws = wb[schema.RISK_RESULTS.name]
    fan, tornado = _fan_chart(ws), _tornado_chart(ws)
    for chart, block, title in ((fan, "risque_synthese", "Trésorerie simulée en fin de mois"),
                                (tornado, "sensibilites", "Chaque facteur seul")):
        _place(chart, ws, f"{schema.RISK_CHART_COLUMN}{_block(schema.RISK_RESULTS, block).row}",
               title)
    fan.width, fan.height = 26, 8.5
    tornado.width, tornado.height = 20, 6.8
    row = schema.RISK_METHOD_ROW
    ws.cell(row, FIRST_COLUMN, "Méthode et limites").font = font(bold=True, color="1F3864")
    last = get_column_letter(FIRST_COLUMN + 12)
    for text in METHOD:
        row += 1
        ws.merge_cells(f"B{row}:{last}{row}")
        cell = ws.cell(row, FIRST_COLUMN, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = wrapped_height(text, 60 + 12 * 13)
    data = _block(schema.RISK_RESULTS, "eventail").row
    ws.cell(data - 1, FIRST_COLUMN, "Données du graphique en éventail (remplies par la "
                                    "simulation, non imprimées)").font = HELP_FONT
    ws.print_area = f"B1:{get_column_letter(FIRST_COLUMN + schema.HORIZON)}{data - 2}"


# -- guide and lists ---------------------------------------------------------------------------

GUIDE_WELCOME = (
    "Bienvenue", "Ce classeur est le business plan de votre micro-entreprise. Vous remplissez les "
                 "feuilles de saisie (onglets jaunes, dans l'ordre ci-dessous) ; planae calcule "
                 "les feuilles de résultats (onglets bleus) et le tableau de bord (onglet vert).")
# What each input sheet asks, in the Guide's steps (a sheet not listed here has no step)
GUIDE_STEPS = {
    "Projet": "Nom, activité, date de début, ACRE, versement libératoire, trésorerie.",
    "Porteur de projet": "Votre parcours et votre situation ; ce dont votre foyer a besoin pour "
                         "vivre et ses autres revenus : ce que l'activité doit vous verser.",
    "Offre": "Vos produits et services : prix, coût direct, quantités mois par mois.",
    "Charges": "Charges fixes mensuelles, sous-traitance, stock, prélèvements.",
    "Investissements": "Matériel et frais de démarrage, avec leur durée d'amortissement.",
    "Financement": "Apport, ARCE, emprunts, prêts d'honneur et subventions.",
    "Repères": "Les fourchettes habituelles du secteur, que vous pouvez adapter : planae avertit "
               "quand le plan en sort.",
    "Scénarios": "Un cas pessimiste et un cas optimiste à côté du plan saisi (feuille Scénarios "
                 "comparés), et les fourchettes de la simulation des risques (feuille Risques).",
    narrative.TEXT_SHEET: "La présentation écrite du projet (marché, entreprise, clients, "
                          "concurrence, stratégie, modèle économique, marketing, risques et "
                          "parades, conclusion) : avec les chiffres, elle forme le document remis "
                          "à la banque.",
    narrative.GRID_SHEET: "SWOT, Business Model Canvas et PESTEL : un point court par ligne.",
}
GUIDE_AFTER = (
    ("Calculer", "Bouton Calculer du ruban (ou, sans Excel : planae compute classeur.xlsx)."),
    ("Exporter", "Bouton Exporter PowerPoint ou PDF : le document pour la banque, fait de votre "
                 "partie rédigée et des chiffres du plan. Les alertes restent dans le classeur ; "
                 "s'il en reste une bloquante, planae vous demande avant d'exporter."),
)
GUIDE_NOTES = (
    ("Alertes", "Après le calcul, la ligne « Contrôles » en haut de chaque feuille de résultats "
                "dit si le bilan est équilibré et s'il reste des alertes ; la feuille Alertes "
                "dit quoi faire, propose une phrase pour vos « Risques et parades », et les "
                "saisies concernées sont surlignées en orange."),
    ("Cellules", "Les cellules jaunes à texte bleu sont des saisies ; tout le reste est calculé. "
                 "Chaque saisie a une unité et une aide ; les listes et les bornes sont "
                 "contrôlées. Les feuilles de résultats sont protégées (sans mot de passe)."),
    ("Tableaux", "Vous pouvez insérer ou supprimer des lignes dans les tableaux de saisie "
                 "(clic droit > Insérer > Lignes de tableau au-dessus) : rien ne casse. Ne "
                 "renommez pas les feuilles, les tableaux ni les noms définis."),
    ("Mois", "Les mois sont comptés de 1 (premier mois du plan) à 36 ; un mois peut aussi se "
             "saisir en date (03/2027). Les quantités d'une offre se saisissent par mois, par "
             "semaine ou par jour travaillé (colonne « Quantités par »)."),
)
INPUT_TAB, DASHBOARD_TAB, OUTPUT_TAB = narrative.INPUT_TAB, "00B050", "2F75B5"


def guide_text(sheet_names: list[str]) -> list[tuple[str, str]]:
    """The Guide's lines: the steps follow the input sheets in their order, then compute and
    export, then how the workbook works."""
    steps = [name for name in sheet_names if name in GUIDE_STEPS]
    steps = [(name, GUIDE_STEPS[name]) for name in steps] + list(GUIDE_AFTER)
    return [GUIDE_WELCOME, *((f"{i}. {head}", text) for i, (head, text) in
                             enumerate(steps, start=1)), *GUIDE_NOTES]


def _order_sheets(wb: Workbook) -> None:
    """The Guide, then the input sheets (the written part included), the dashboard, the output
    sheets, and last the technical ones: a person fills the tabs from left to right."""
    rank = {INPUT_TAB: 1, DASHBOARD_TAB: 2, OUTPUT_TAB: 3}

    def key(ws) -> int:
        if ws.title == GUIDE:
            return 0
        colour = ws.sheet_properties.tabColor
        return rank.get(colour.rgb[-6:] if colour is not None and colour.rgb else "", 4)
    wb._sheets.sort(key=key)


def _guide(wb: Workbook) -> None:
    """The Guide, filled once every sheet exists (its steps follow the input tabs)."""
    ws = wb[GUIDE]
    _title(ws, "planae — business plan de micro-entreprise",
           "Mode d'emploi du classeur et des boutons du ruban planae.")
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = 32
    ws.column_dimensions["C"].width = 100
    row = 4
    for head, text in guide_text(wb.sheetnames):
        ws.cell(row, 2, head).font = BOLD_FONT
        cell = ws.cell(row, 3, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = TEXT_FONT
        ws.row_dimensions[row].height = wrapped_height(text, 100)
        row += 1
    row += 1
    for i, text in enumerate(("Bouton du ruban", "Ce qu'il fait")):
        cell = ws.cell(row, 2 + i, text)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for button, text in schema.RIBBON:
        row += 1
        ws.cell(row, 2, button).font = BOLD_FONT
        cell = ws.cell(row, 3, text)
        cell.alignment, cell.font = Alignment(wrap_text=True, vertical="top"), TEXT_FONT
        ws.row_dimensions[row].height = wrapped_height(text, 100)
    row += 2
    ws.cell(row, 2, "Légende").font = BOLD_FONT
    sample = ws.cell(row, 3, "Cellule de saisie")
    sample.fill, sample.font, sample.border = INPUT_FILL, INPUT_FONT, INPUT_BORDER
    print_setup(ws, "")
    ws.protection.sheet = True


def _lists(wb: Workbook) -> None:
    ws = wb.create_sheet(LISTS_SHEET)
    for c, (name, values) in enumerate(LISTS.items(), start=1):
        ws.cell(1, c, name).font = BOLD_FONT
        for r, value in enumerate(values, start=2):
            ws.cell(r, c, value)
        ws.column_dimensions[get_column_letter(c)].width = 40
        _name(wb, name, LISTS_SHEET, _absolute(c, 2, c, len(values) + 1))
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _flagged_inputs(wb: Workbook) -> None:
    """The hidden list of input cells the alerts point at (filled by compute), and on every
    input sheet a conditional format that highlights a cell when it is listed."""
    ws = wb.create_sheet(schema.FLAGGED_SHEET)
    ws["A1"] = "Cellules de saisie concernées par une alerte (rempli par le calcul)"
    _name(wb, schema.FLAGGED_NAME, ws.title, _absolute(1, 2, 1, schema.FLAGGED_ROWS + 1))
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    flagged = DifferentialStyle(fill=PatternFill("solid", fgColor="F4B183", bgColor="F4B183"),
                                font=Font(bold=True, color="9C0006"))
    for sheet in schema.INPUT_SHEETS:
        first = schema.FLAGGED_AREA.split(":")[0]
        formula = (f'COUNTIF({schema.FLAGGED_NAME},"{sheet.name}!"&ADDRESS(ROW({first}),'
                   f'COLUMN({first}),4))>0')
        rule = Rule(type="expression", dxf=flagged, formula=[formula], stopIfTrue=False)
        wb[sheet.name].conditional_formatting.add(schema.FLAGGED_AREA, rule)


def _benchmark_formats(wb: Workbook) -> None:
    """Percent benchmarks shown as percentages (their unit is per row)."""
    ws = wb[schema.BENCHMARKS_SHEET.name]
    table = ws.tables[schema.BENCHMARKS.name]
    min_col, min_row, max_col, max_row = _bounds(table.ref)
    headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    unit = min_col + headers.index(schema.BENCHMARKS.column("unit").header)
    for key in ("low", "high"):
        col = min_col + headers.index(schema.BENCHMARKS.column(key).header)
        for r in range(min_row + 1, max_row + 1):
            if ws.cell(r, unit).value == "%":
                ws.cell(r, col).number_format = "0%"


def build_workbook(data: dict | None = None) -> Workbook:
    """The template (data None) or an example's workbook, outputs not yet computed."""
    data = dict(data or {})
    if not data.get("benchmarks"):
        from forecast.alerts import default_benchmarks
        data["benchmarks"] = [vars(b) for b in default_benchmarks()]
    wb = Workbook()
    _styles(wb)
    wb.active.title = GUIDE
    wb.active.sheet_properties.tabColor = "7F7F7F"
    project = str((data.get("project") or {}).get("name") or "")
    for sheet in schema.INPUT_SHEETS:
        _input_sheet(wb, sheet, data, project)
    _dashboard(wb, project)
    for sheet in schema.OUTPUT_SHEETS:
        _output_sheet(wb, sheet, project)
    _risk_sheets(wb, project)
    _lists(wb)
    _flagged_inputs(wb)
    _benchmark_formats(wb)
    narrative.write_sheets(wb, data.get("narrative"), project)
    from . import formulas
    formulas.add_formula_sheets(wb)
    print_setup(wb[formulas.FORMULAS_SHEET], "")
    _order_sheets(wb)
    _guide(wb)
    wb.active = wb.sheetnames.index(schema.PROJECT.name) if data else 0
    wb.calculation.fullCalcOnLoad = True
    created = dt.datetime(2026, 1, 1)
    wb.properties.creator = "planae"
    wb.properties.created = created
    wb.properties.title = project or "Business plan de micro-entreprise"
    return wb
