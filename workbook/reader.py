"""Read the input sheets through the schema, into the dict `parse_assumptions` takes.

Everything is found through defined names and Excel tables, never by position, so rows may be
inserted or deleted. Each block is read in one `read_range` call: the scalars of a sheet in one
rectangle around them, each table in one call. The `Locator` turns an assumptions path such as
("offers", 1, "unit_price") into the cell it came from, « Offre!E9 », for French messages.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from openpyxl.utils.cell import get_column_letter, range_boundaries

from forecast.assumptions import InvalidAssumptions, Problem
from forecast.errors import WorkbookError

from . import narrative, schema
from .book import Book, Formula
from .schema import MONTHS_BY_COEFFICIENT, MONTHS_BY_QUANTITY, Column, Field, InputTable

@dataclass(frozen=True)
class LocatedProblem(Problem):
    """A problem of the assumptions, with the cell it comes from."""
    cell: str = ""

    def __str__(self) -> str:
        if not self.cell:
            return super().__str__()
        return f"{self.cell} — {self.label} : {self.message}"


@dataclass
class _TableSpot:
    """Where an input table lies on its sheet, and which of its rows hold data."""
    sheet: str
    first_row: int  # first data row
    last_row: int
    columns: dict[str, list[int]]  # column key -> sheet column numbers (several for "by_month")
    rows: list[int] = field(default_factory=list)  # sheet row of each non-empty row, in order


@dataclass
class Locator:
    """Assumptions paths -> "Sheet!Cell"; and the problems found while reading (data typed
    where no table reads it)."""
    cells: dict[tuple, str] = field(default_factory=dict)
    tables: dict[tuple, _TableSpot] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def empty_rows(self, sheet: str) -> set[int]:
        """The rows of the input tables of `sheet` that hold nothing (a table's spare rows)."""
        out: set[int] = set()
        for spot in self.tables.values():
            if spot.sheet == sheet:
                out |= set(range(spot.first_row, spot.last_row + 1)) - set(spot.rows)
        return out

    def cell(self, path) -> str | None:
        path = tuple(path or ())
        if path in self.cells:
            return self.cells[path]
        for n in (1, 2):
            prefix = path[:n]
            if prefix in self.tables:
                return self._in_table(self.tables[prefix], path[n:])
        return None

    def _in_table(self, spot: _TableSpot, rest: tuple) -> str:
        def col(key: str, k: int = 0) -> str | None:
            cols = spot.columns.get(key)
            if key in ("quantities", "seasonality"):
                cols = spot.columns.get("by_month")
            if not cols:
                return None
            return get_column_letter(cols[min(k, len(cols) - 1)])

        first = get_column_letter(min(c for cs in spot.columns.values() for c in cs))
        last = get_column_letter(max(c for cs in spot.columns.values() for c in cs))
        if rest and rest[0] is None:  # a whole column of the table
            rest = rest[1:]
            if rest and rest[0] in ("quantities", "seasonality"):
                months = spot.columns.get("by_month") or []
                if months:
                    return (f"{spot.sheet}!{get_column_letter(months[0])}{spot.first_row}:"
                            f"{get_column_letter(months[-1])}{spot.last_row}")
        if not rest or not isinstance(rest[0], int):
            key = rest[0] if rest and isinstance(rest[0], str) else None
            letter = col(key) if key else None
            if letter and key != "name" and key != "label":
                return f"{spot.sheet}!{letter}{spot.first_row}:{letter}{spot.last_row}"
            if letter:  # no row at all: the first cell to fill
                return f"{spot.sheet}!{letter}{spot.first_row}"
            return f"{spot.sheet}!{first}{spot.first_row}:{last}{spot.last_row}"
        index, rest = rest[0], rest[1:]
        if index is None or index >= len(spot.rows):
            row_ref = None
        else:
            row_ref = spot.rows[index]
        if not rest:
            if row_ref is None:
                return f"{spot.sheet}!{first}{spot.first_row}:{last}{spot.last_row}"
            return f"{spot.sheet}!{first}{row_ref}:{last}{row_ref}"
        key = rest[0]
        k = rest[1] if len(rest) > 1 and isinstance(rest[1], int) else 0
        letter = col(key, k) or first
        if row_ref is None:
            return f"{spot.sheet}!{letter}{spot.first_row}:{letter}{spot.last_row}"
        return f"{spot.sheet}!{letter}{row_ref}"

    def locate(self, problem: Problem) -> LocatedProblem:
        if isinstance(problem, LocatedProblem) and problem.cell:
            return problem
        return LocatedProblem(problem.path, problem.label, problem.message,
                              self.cell(problem.path) or "")

    def located(self, error: InvalidAssumptions) -> InvalidAssumptions:
        """The same problems, each naming its sheet and cell (« Offre!E8 — … »)."""
        return InvalidAssumptions([self.locate(p) for p in error.problems])

    def checked(self, *parses: Callable[[], Any]) -> list:
        """The result of each parse; or every problem of them all and of the reading at once,
        located."""
        problems, results = list(self.problems), []
        read = {p.cell for p in self.problems}  # a cell the reading refused is told once
        for parse in parses:
            try:
                results.append(parse())
            except InvalidAssumptions as e:
                problems += [p for p in e.problems if self.cell(p.path) not in read]
        if problems:
            raise self.located(InvalidAssumptions(problems))
        return results


# ------------------------------------------------------------------------------------------------

def _missing_sheet(name: str) -> str:
    return (f"La feuille « {name} » est introuvable dans le classeur : a-t-elle été renommée ou "
            f"supprimée ? Redonnez-lui son nom « {name} » (planae lit les feuilles par leur nom) "
            f"ou repartez du modèle planae.xlsx.")


def check_sheets(book: Book, names) -> None:
    present = set(book.sheet_names())
    missing = [n for n in names if n not in present]
    if missing:
        raise WorkbookError("\n".join(_missing_sheet(n) for n in missing))


# A reference's bounds, by its text: every formula's reading resolves the same names again.
_bounds = lru_cache(maxsize=1024)(range_boundaries)


def _where(f: Field) -> str:
    return f"« {f.label} », feuille {schema.sheet_of(f).name}"


def _resolve_fields(book: Book) -> list[tuple[Field, str, int, int]]:
    """Each input field with the sheet, row and column its defined name points to."""
    names = {k.casefold(): v for k, v in book.defined_names().items()}
    sheets = set(book.sheet_names())
    out, errors = [], []
    for f in schema.FIELDS:
        target = names.get(f.name.casefold())
        if target is None:
            errors.append(f"Le nom défini « {f.name} » ({_where(f)}) est introuvable : il a "
                          f"peut-être été supprimé. Recréez-le (Formules > Gestionnaire de "
                          f"noms) sur la cellule de saisie, ou repartez du modèle planae.xlsx.")
            continue
        sheet, ref = target
        try:
            min_col, min_row, max_col, max_row = _bounds(ref)
        except (ValueError, TypeError):
            min_col = None
        if not sheet or sheet not in sheets or min_col is None:
            errors.append(f"Le nom défini « {f.name} » ({_where(f)}) ne désigne plus une cellule "
                          f"(« {ref} ») : la cellule ou sa feuille a été supprimée. Recréez le "
                          f"nom sur la cellule de saisie.")
            continue
        out.append((f, sheet, min_row, min_col))
    if errors:
        raise WorkbookError("\n".join(errors))
    return out


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _computed(value, locator: Locator, path: tuple, label: str, cell: str):
    """A cell's value; a formula the file holds no value for is a problem naming its cell."""
    if not isinstance(value, Formula):
        return value
    locator.problems.append(LocatedProblem(
        path, label, f"la formule « {value} » n'a pas de valeur calculée (le classeur a été "
                     f"enregistré sans être recalculé) : ouvrez-le dans Excel ou LibreOffice, "
                     f"enregistrez-le, puis relancez.", cell))
    return None


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _set(data: dict, path: tuple, value) -> None:
    for step in path[:-1]:
        data = data.setdefault(step, {})
    data[path[-1]] = value


def _read_fields(book: Book, data: dict, locator: Locator) -> None:
    by_sheet: dict[str, list[tuple[Field, int, int]]] = {}
    for f, sheet, row, col in _resolve_fields(book):
        by_sheet.setdefault(sheet, []).append((f, row, col))
    for sheet, fields in by_sheet.items():
        rows = [row for _, row, _ in fields]
        cols = [col for _, _, col in fields]
        top, left = min(rows), min(cols)
        block = book.read_range(sheet, f"{get_column_letter(left)}{top}:"
                                       f"{get_column_letter(max(cols))}{max(rows)}")
        for f, row, col in fields:
            cell = locator.cells[f.path] = f"{sheet}!{get_column_letter(col)}{row}"
            value = _clean(_computed(block[row - top][col - left], locator, f.path, f.label,
                                     cell))
            if f.kind == schema.FLAG and isinstance(value, str):
                value = value.casefold()
            _set(data, f.path, value)


def _table_error(t: InputTable, message: str) -> WorkbookError:
    home = schema.sheet_of(t).name
    return WorkbookError(f"Tableau « {t.name} » (feuille {home}) : {message}")


BELOW = 2  # rows under a table checked for data it does not read (the template leaves them empty)


def _below(t: InputTable, sheet: str, rows: list[list], first_row: int,
           first_col: int) -> Problem | None:
    """Data typed in the rows right under a table, which it does not read: a problem naming
    those cells."""
    typed = [(r, c) for r, values in enumerate(rows, start=first_row)
             for c, v in enumerate(values, start=first_col) if not _blank(v)]
    if not typed:
        return None
    rows_, cols = [r for r, _ in typed], [c for _, c in typed]
    cells = f"{get_column_letter(min(cols))}{min(rows_)}"
    if len(typed) > 1:
        cells += f":{get_column_letter(max(cols))}{max(rows_)}"
    return LocatedProblem(t.path + (None,), t.label,
                          f"des données sont saisies juste sous le tableau « {t.name} », qui "
                          f"ne les lit pas : étendez le tableau jusqu'à elles (poignée en bas à "
                          f"droite du tableau) ou effacez-les.", f"{sheet}!{cells}")


def _read_table(book: Book, t: InputTable, where: tuple[str, str], data: dict,
                locator: Locator) -> None:
    sheet, ref = where
    min_col, min_row, max_col, max_row = _bounds(ref)
    block = book.read_range(sheet, f"{get_column_letter(min_col)}{min_row}:"
                                   f"{get_column_letter(max_col)}{max_row + BELOW}")
    under = _below(t, sheet, block[-BELOW:], max_row + 1, min_col)
    if under:
        locator.problems.append(under)
    block = block[:-BELOW]
    header = [str(h).strip().casefold() if h is not None else "" for h in block[0]]
    columns: dict[str, list[int]] = {}
    read: dict[int, Column] = {}  # the columns planae reads, by their index in the block
    for c in t.columns:
        try:
            index = header.index(c.header.casefold())
        except ValueError:
            raise _table_error(t, f"la colonne « {c.header} » est introuvable : a-t-elle été "
                                  f"renommée ou supprimée ? Redonnez-lui son titre.") from None
        columns.setdefault(c.key, []).append(index)
        read[index] = c
    spot = _TableSpot(sheet, min_row + 1, max(max_row, min_row + 1),
                      {k: [min_col + i for i in v] for k, v in columns.items()})
    rows = []
    for r, values in enumerate(block[1:], start=min_row + 1):
        if all(_blank(v) for v in values):
            continue
        values = [_computed(v, locator, t.path + (len(rows), read[i].key), read[i].header,
                            f"{sheet}!{get_column_letter(min_col + i)}{r}")
                  if i in read and isinstance(v, Formula) else v  # the address when needed
                  for i, v in enumerate(values)]
        row = {}
        for key, indexes in columns.items():
            if key == "by_month":
                continue
            value = _clean(values[indexes[0]])
            row[key] = value
        if "by_month" in columns:
            months = [_clean(values[i]) for i in columns["by_month"]]
            mode = str(row["months_mode"] or "").casefold()  # checked with the others
            coefficients = mode == MONTHS_BY_COEFFICIENT or (
                mode != MONTHS_BY_QUANTITY and all(m is None for m in months))
            if coefficients:
                row["seasonality"] = None if all(m is None for m in months) else months
            else:
                row["quantities"] = [0 if m is None else m for m in months]
                row.pop("annual_volume", None)
        else:
            row.pop("months_mode", None)
        rows.append(row)
        spot.rows.append(r)
    target = data
    for step in t.path[:-1]:
        target = target.setdefault(step, {})
    target[t.path[-1]] = rows
    locator.tables[t.path] = spot


def read_inputs(book: Book) -> tuple[dict, Locator]:
    """The assumptions dict (parse_assumptions's format, plus "narrative") and the locator of
    every input cell. Raises WorkbookError, in French, when a sheet, a defined name, a table or
    a table column is missing."""
    check_sheets(book, [s.name for s in schema.INPUT_SHEETS])
    tables = {k.casefold(): v for k, v in book.tables().items()}
    missing = [t for t in schema.TABLES if t.name.casefold() not in tables]
    if missing:
        raise WorkbookError("\n".join(
            f"Le tableau « {t.name} » (feuille {schema.sheet_of(t).name}) est introuvable : "
            f"a-t-il été supprimé ou renommé ? Redonnez-lui son nom (Création de tableau > Nom "
            f"du tableau) ou repartez du modèle planae.xlsx." for t in missing))
    data: dict = {}
    locator = Locator()
    _read_fields(book, data, locator)
    for t in schema.TABLES:
        _read_table(book, t, tables[t.name.casefold()], data, locator)
    data["narrative"] = narrative.read(book)
    return data, locator
