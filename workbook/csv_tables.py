"""The output tables as CSV files Excel opens right on a French computer (`planae compute
--csv DOSSIER`): one file per table, named after its key, laid out as on its sheet (the title
then the periods as header, one row per line); `;` between fields, a decimal comma, UTF-8 with
a byte order mark (without it Excel reads the accents as Windows-1252). Amounts to the cent,
rates as fractions (0,045), as in the JSON. A text Excel would read as a formula (starting
with =, +, -, @: a name typed in the workbook, a proposed « - Passage à la TVA… » line) gets a
leading apostrophe, as OWASP advises for CSV files.

pandas writes them; it is imported here only, when a person asks for the files.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import BinaryIO

from forecast.errors import WorkbookError
from forecast.tables import Table

from .files import Writer

SEPARATOR = ";"
DECIMAL = ","
ENCODING = "utf-8-sig"
FLOAT = "%.15g"  # 48600 rather than 48600.0; every digit of an amount rounded to the cent


def check_folder(folder: Path) -> Path:
    """`folder`, created if its parent exists; else a French WorkbookError (before computing)."""
    if folder.exists() and not folder.is_dir():
        raise WorkbookError(f"« {folder} » est un fichier : --csv attend un dossier.")
    if not folder.parent.is_dir():
        raise WorkbookError(f"Le dossier « {folder.parent} » n'existe pas : créez-le ou "
                            f"choisissez un autre dossier pour les fichiers CSV.")
    folder.mkdir(exist_ok=True)
    return folder


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A text cell as Excel must read it; a number among texts (a column of mixed lines)
    written with a decimal comma too."""
    if isinstance(value, float):
        return (FLOAT % value).replace(".", DECIMAL)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_files(tables: dict[str, Table], folder: Path) -> dict[Path, Writer]:
    """One file per table in `folder`, named after its key, with what writes it (the files a
    command writes all at once: workbook.files.write_files)."""
    return {folder / f"{key}.csv": partial(_write, table) for key, table in tables.items()}


def _write(table: Table, file: BinaryIO) -> None:
    import pandas as pd
    header, *rows = table.rows(rounded=True)
    frame = pd.DataFrame(rows, columns=[_cell(h) for h in header])
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):  # texts, maybe with numbers
            frame[column] = frame[column].map(_cell)
    file.write(frame.to_csv(sep=SEPARATOR, decimal=DECIMAL, float_format=FLOAT,
                            index=False).encode(ENCODING))
