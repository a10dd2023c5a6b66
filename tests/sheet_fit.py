"""Cut text in a workbook, without Excel: every cell whose text does not fit where it is shown.

Widths are those of DejaVu Sans (report.textfit), wider than Arial, the workbook's font, and
what LibreOffice draws here: what fits by this measure fits in Excel too. An Excel column width
w (in characters of the default font) shows about 7·w pixels of text, 5,25·w points.
"""
from __future__ import annotations

from openpyxl.utils.cell import get_column_letter

from report import textfit

POINTS_PER_CHARACTER = 5.25  # 7 px at 96 dpi
DEFAULT_WIDTH = 8.43
DEFAULT_HEIGHT = 15.0
LINE = 1.2  # a line is 1,2 × the font size
MONOSPACED, MONO_EM = ("Consolas", "Courier New"), 0.6  # DejaVu Sans Mono: 0,6 em a character


def _width(ws, first: int, last: int) -> float:
    total = 0.0
    for c in range(first, last + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        if dim is not None and dim.hidden:
            continue
        width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
        total += width * POINTS_PER_CHARACTER
    return total


def cut_texts(ws) -> list[str]:
    """« Feuille!B4 : … » for every text that would be cut on the sheet."""
    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = (rng.max_col, rng.max_row)
    out = []
    for row in ws.iter_rows():
        for cell in row:
            text = cell.value
            if not isinstance(text, str) or not text.strip() or text.startswith("="):
                continue
            if ws.column_dimensions.get(cell.column_letter) is not None and \
                    ws.column_dimensions[cell.column_letter].hidden:
                continue
            last_col, last_row = merged.get((cell.row, cell.column), (cell.column, cell.row))
            available = _width(ws, cell.column, last_col)
            size = float(cell.font.sz or 11)
            bold = bool(cell.font.b)
            where = f"{ws.title}!{cell.coordinate} « {text[:40]} »"
            if cell.alignment.shrink_to_fit:
                continue  # drawn smaller to fit: never cut
            if cell.alignment.wrap_text:
                lines = sum(textfit.line_count(part, available, size, bold)
                            for part in text.split("\n"))
                # LibreOffice keeps a row's stored height (or the default), whatever it holds
                height = sum(ws.row_dimensions[r].height or DEFAULT_HEIGHT
                             for r in range(cell.row, last_row + 1))
                if lines * size * LINE > height + 1:
                    out.append(f"{where} : {lines} lignes pour {height:.0f} pt de haut")
                continue
            if cell.font.name in MONOSPACED:
                need = max(len(part) for part in text.split("\n")) * MONO_EM * size
            else:
                need = max(textfit.text_width(part, size, bold) for part in text.split("\n"))
            if need <= available:
                continue
            neighbour = ws.cell(cell.row, last_col + 1).value
            spills = cell.alignment.horizontal in (None, "general", "left") and \
                neighbour in (None, "")
            if not spills:
                out.append(f"{where} : {need:.0f} pt pour {available:.0f} pt de large")
    return out
