"""An Excel workbook made of autospec'd xlwings objects (unittest.mock.create_autospec on
xlwings.Book, Sheet, Range, App, Name, Table…), backed by a dict of cells: any call that is
not real xlwings API fails, and every range read, write and clear is counted. Values are
handed over as Excel does: floats for numbers, datetimes for dates, None for empty cells."""
from __future__ import annotations

import datetime as dt
from unittest import mock

import xlwings as xw
from openpyxl.utils.cell import get_column_letter, range_boundaries


def excel_value(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.startswith("="):
        return None  # a formula: its value is unknown here (no calculation engine)
    return value


_SCRATCH: list = []


def _scratch():
    """One temporary folder for the session's fake workbooks, removed at exit."""
    if not _SCRATCH:
        import atexit
        import shutil
        import tempfile
        from pathlib import Path
        folder = Path(tempfile.mkdtemp(prefix="planae-fake-"))
        atexit.register(shutil.rmtree, folder, True)
        _SCRATCH.append(folder)
    return _SCRATCH[0]


class FakeExcel:
    def __init__(self, wb, fullname: str | None = None):
        """From an openpyxl workbook: its cells, defined names and tables. `fullname` is where
        the workbook is saved (by default in a new temporary folder: exports go beside it)."""
        self.fullname = fullname or str(_scratch() / "plan.xlsx")
        self.cells: dict[str, dict[tuple[int, int], object]] = {}
        self.tables: dict[str, list[tuple[str, str]]] = {}
        for ws in wb.worksheets:
            grid = self.cells[ws.title] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None and not hasattr(cell.value, "ref"):
                        grid[(cell.row, cell.column)] = excel_value(cell.value)
            self.tables[ws.title] = [(t.name, t.ref) for t in ws.tables.values()]
        self.names = []
        for name, dn in wb.defined_names.items():
            self.names.append((name, "=" + dn.attr_text))
        self.reads = self.writes = self.clears = 0
        self.alerts: list[tuple] = []
        self.answers: list[str] = []
        self.opened: list[str] = []
        self.status: list = []
        self.active_sheet = None
        self.app = self._app()
        self.book = self._book()

    # -- autospec'd objects ---------------------------------------------------------------------
    def _app(self):
        app = mock.create_autospec(xw.App, instance=True)

        def alert(prompt, title=None, buttons="ok", mode=None, callback=None):
            self.alerts.append((prompt, title, buttons, mode))
            return self.answers.pop(0) if self.answers else "ok"
        app.alert.side_effect = alert
        type(app).status_bar = mock.PropertyMock(
            side_effect=lambda *v: self.status.append(v[0]) if v else None)
        books = mock.create_autospec(xw.main.Books, instance=True)
        books.open.side_effect = lambda path, *a, **k: self.opened.append(path)
        app.books = books
        return app

    def _book(self):
        book = mock.create_autospec(xw.Book, instance=True)
        book.app = self.app
        book.fullname = self.fullname
        book.name = self.fullname.replace("\\", "/").split("/")[-1]
        sheets = {name: self._sheet(name) for name in self.cells}
        coll = mock.create_autospec(xw.main.Sheets, instance=True)
        coll.__iter__.side_effect = lambda: iter(list(sheets.values()))
        coll.__getitem__.side_effect = lambda key: sheets[key]
        book.sheets = coll
        names = []
        for name, refers_to in self.names:
            n = mock.create_autospec(xw.Name, instance=True)
            n.name, n.refers_to = name, refers_to
            names.append(n)
        coll_names = mock.create_autospec(xw.main.Names, instance=True)
        coll_names.__iter__.side_effect = lambda: iter(names)
        book.names = coll_names
        return book

    def _sheet(self, name: str):
        sheet = mock.create_autospec(xw.Sheet, instance=True)
        sheet.name = name
        tables = []
        for table_name, ref in self.tables[name]:
            t = mock.create_autospec(xw.main.Table, instance=True)
            t.name = table_name
            t.range = self._range(name, ref)
            tables.append(t)
        sheet.tables = tables
        sheet.range.side_effect = lambda ref, *a: self._range(name, ref)
        sheet.activate.side_effect = lambda: setattr(self, "active_sheet", name)
        return sheet

    def _range(self, sheet: str, ref: str):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        rng = mock.create_autospec(xw.Range, instance=True)
        rng.address = (f"${get_column_letter(min_col)}${min_row}:"
                       f"${get_column_letter(max_col)}${max_row}")
        rng.options.side_effect = lambda *a, **k: rng
        rng.offset.side_effect = lambda r=0, c=0: self._range(
            sheet, f"{get_column_letter(min_col + c)}{min_row + r}")
        grid = self.cells[sheet]

        def value(*new):
            if not new:
                self.reads += 1
                return [[grid.get((r, c)) for c in range(min_col, max_col + 1)]
                        for r in range(min_row, max_row + 1)]
            self.writes += 1
            rows = new[0]
            if not isinstance(rows, list) or (rows and not isinstance(rows[0], list)):
                rows = [[rows]] if not isinstance(rows, list) else [rows]
            widths = {len(r) for r in rows}
            assert len(widths) <= 1, "xlwings needs a rectangular block"
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    key = (min_row + i, min_col + j)
                    if v is None or v == "":  # Excel keeps no empty string
                        grid.pop(key, None)
                    else:
                        grid[key] = excel_value(v)
            return None
        type(rng).value = mock.PropertyMock(side_effect=value)

        def clear():
            self.clears += 1
            for key in [k for k in grid if min_row <= k[0] <= max_row
                        and min_col <= k[1] <= max_col]:
                del grid[key]
        rng.clear_contents.side_effect = clear
        return rng
