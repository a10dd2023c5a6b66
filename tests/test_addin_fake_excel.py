"""An Excel workbook made of autospec'd xlwings objects (unittest.mock.create_autospec on
xlwings.Book, Sheet, Range, App, Name, Table…), backed by a dict of cells: any call that is
not real xlwings API fails, and every range read, write and clear is counted. Values are
handed over as Excel does: floats for numbers, datetimes for dates, None for empty cells.

Like Excel:
- a sheet protected in the openpyxl workbook (`ws.protection.sheet`) refuses writes and clears
  (a COM error) until unprotected through its native object, `sheet.api`, which speaks either
  the Windows (pywin32: ProtectContents, Unprotect, Protect, PageSetup.LeftHeader) or the macOS
  (appscript: protect_contents.get(), unprotect, protect_worksheet,
  page_setup_object.left_header) dialect, as the `platform` argument says; nothing else;
- without a printer (`printer = False`) the page setup is refused, as Excel refuses it;
- a string written through Range.value is parsed as if typed (`typed`): « 03/26 », « 1/2 »,
  « mars 2026 » become dates, « 1,5 » or « 50 % » numbers, « VRAI » a boolean, « =… » a
  formula — unless it starts with an apostrophe, which keeps the rest as text. The cells
  holding a formula (the workbook's own, or made of a typed string) are in `formulas`; their
  value is unknown here (no calculation engine): None.
"""
from __future__ import annotations

import datetime as dt
import re
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
    return value


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


class Formula(str):
    """A formula Excel would have made of a typed string (its value unknown here)."""


def typed(text: str):
    """A string assigned through Range.value, as French Excel reads it (a fair subset)."""
    if text.startswith("'"):
        return text[1:]
    s = text.strip()
    if s[:1] in ("=", "+", "-", "@") and len(s) > 1:
        return Formula(s)
    if s.upper() in ("VRAI", "FAUX", "TRUE", "FALSE"):
        return s.upper() in ("VRAI", "TRUE")
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", s)
    if m:
        a, b, c = (int(g) if g else None for g in m.groups())
        try:
            if c is not None:
                return dt.datetime(c + 2000 if c < 100 else c, b, a)
            if b <= 12:
                return dt.datetime(dt.date.today().year, b, a)  # 1/2: 1 February
            return dt.datetime(2000 + b, a, 1)  # 03/26: March 2026
        except ValueError:
            return text
    m = re.fullmatch(r"([^\W\d]+)\.? (\d{4})", s)
    if m and m.group(1).casefold() in MONTHS:
        return dt.datetime(int(m.group(2)), MONTHS.index(m.group(1).casefold()) + 1, 1)
    m = re.fullmatch(r"(\d+(?:,\d+)?) ?(%?)", s)
    if m:
        number = float(m.group(1).replace(",", "."))
        return number / 100 if m.group(2) else number
    return text


class ComError(Exception):
    """What pywin32 raises when Excel refuses (a protected sheet)."""


def _printer(fake: "FakeExcel") -> None:
    if not fake.printer:
        raise ComError("(-2147352567, 'Une exception s’est produite.', (0, 'Microsoft Excel', "
                       "'Impossible de lire la propriété PageSetup de la classe Worksheet.'))")


class WinSheetApi:
    """The pywin32 Worksheet's few members planae uses (nothing else exists)."""
    __slots__ = ("_fake", "_name", "_page_setup")

    class _PageSetup:
        __slots__ = ("_fake", "_name")

        def __init__(self, fake: "FakeExcel", name: str):
            self._fake, self._name = fake, name

        @property
        def LeftHeader(self) -> str:
            return self._fake.headers.get(self._name, "")

        @LeftHeader.setter
        def LeftHeader(self, value: str) -> None:
            self._fake.headers[self._name] = value

    def __init__(self, fake: "FakeExcel", name: str):
        self._fake, self._name = fake, name
        self._page_setup = self._PageSetup(fake, name)

    @property
    def PageSetup(self):
        _printer(self._fake)
        return self._page_setup

    @property
    def ProtectContents(self) -> bool:
        return self._name in self._fake.protected

    def Unprotect(self, Password=None) -> None:
        self._fake.protection_calls.append(("unprotect", self._name))
        self._fake.protected.discard(self._name)

    def Protect(self, Password=None, DrawingObjects=True, Contents=True, Scenarios=True,
                UserInterfaceOnly=False) -> None:
        assert Password is None and Contents is True
        self._fake.protection_calls.append(("protect", self._name))
        self._fake.protected.add(self._name)


class _Property:
    """An appscript property reference: .get() and .set()."""
    __slots__ = ("_get", "_set")

    def __init__(self, get, set_=None):
        self._get, self._set = get, set_

    def get(self):
        return self._get()

    def set(self, value) -> None:
        self._set(value)


class MacSheetApi:
    """The appscript worksheet reference's few members planae uses (nothing else exists)."""
    __slots__ = ("_fake", "_name", "protect_contents", "_page_setup")

    class _PageSetupObject:
        __slots__ = ("left_header",)

    def __init__(self, fake: "FakeExcel", name: str):
        self._fake, self._name = fake, name
        self.protect_contents = _Property(lambda: name in fake.protected)
        self._page_setup = self._PageSetupObject()
        self._page_setup.left_header = _Property(
            lambda: fake.headers.get(name, ""), lambda v: fake.headers.__setitem__(name, v))

    @property
    def page_setup_object(self):
        _printer(self._fake)
        return self._page_setup

    def unprotect(self, password=None) -> None:
        self._fake.protection_calls.append(("unprotect", self._name))
        self._fake.protected.discard(self._name)

    def protect_worksheet(self, password=None, drawing_objects=True, worksheet_contents=True,
                          scenarios=True, user_interface_only=False) -> None:
        assert password is None and worksheet_contents is True
        self._fake.protection_calls.append(("protect", self._name))
        self._fake.protected.add(self._name)


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
    def __init__(self, wb, fullname: str | None = None, platform: str = "win"):
        """From an openpyxl workbook: its cells, defined names, tables, protected sheets and
        page headers. `fullname` is where the workbook is saved (by default in a new temporary
        folder: exports go beside it); `platform` ("win" or "mac") the dialect of `sheet.api`."""
        assert platform in ("win", "mac")
        self.platform = platform
        self.fullname = fullname or str(_scratch() / "plan.xlsx")
        self.cells: dict[str, dict[tuple[int, int], object]] = {}
        self.tables: dict[str, list[tuple[str, str]]] = {}
        self.protected = {ws.title for ws in wb.worksheets if ws.protection.sheet}
        self.protection_calls: list[tuple[str, str]] = []
        self.headers = {ws.title: str(ws.oddHeader.left) if ws.oddHeader.left.text else ""
                        for ws in wb.worksheets}
        self.formulas: set[tuple[str, int, int]] = set()  # (sheet, row, column)
        self.strings_written: list[str] = []  # through Range.value, as handed over
        for ws in wb.worksheets:
            grid = self.cells[ws.title] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        self.formulas.add((ws.title, cell.row, cell.column))
                    elif cell.value is not None:
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
        self.closed = False
        self.printer = True  # False: Excel refuses PageSetup (no printer installed)
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
        book.close.side_effect = lambda: setattr(self, "closed", True)
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
        api = (MacSheetApi if self.platform == "mac" else WinSheetApi)(self, name)
        type(sheet).api = mock.PropertyMock(return_value=api)
        return sheet

    def _writable(self, sheet: str) -> None:
        if sheet in self.protected:
            raise ComError(f"(-2147352567, 'Une exception s’est produite.', (0, 'Microsoft "
                           f"Excel', 'La cellule ou le graphique que vous essayez de modifier "
                           f"se trouve sur une feuille protégée ({sheet}).'))")

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
            self._writable(sheet)
            self.writes += 1
            rows = new[0]
            if not isinstance(rows, list) or (rows and not isinstance(rows[0], list)):
                rows = [[rows]] if not isinstance(rows, list) else [rows]
            widths = {len(r) for r in rows}
            assert len(widths) <= 1, "xlwings needs a rectangular block"
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    key = (min_row + i, min_col + j)
                    if isinstance(v, str):
                        self.strings_written.append(v)
                    v = typed(v) if isinstance(v, str) and v else excel_value(v)
                    if isinstance(v, Formula):
                        self.formulas.add((sheet, *key))
                        v = None  # its value unknown
                    else:
                        self.formulas.discard((sheet, *key))
                    if v is None or v == "":  # Excel keeps no empty string
                        grid.pop(key, None)
                    else:
                        grid[key] = v
            return None
        type(rng).value = mock.PropertyMock(side_effect=value)

        def clear():
            self._writable(sheet)
            self.clears += 1
            for key in [k for k in grid if min_row <= k[0] <= max_row
                        and min_col <= k[1] <= max_col]:
                del grid[key]
            self.formulas -= {f for f in self.formulas if f[0] == sheet
                              and min_row <= f[1] <= max_row and min_col <= f[2] <= max_col}
        rng.clear_contents.side_effect = clear
        return rng
