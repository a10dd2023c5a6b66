"""The workbook's type: one named font on every styled cell (a font without a name is drawn in
the viewer's default, a serif in LibreOffice), and the height a wrapped text needs.

Heights are estimated without a renderer, on the safe side: a character is taken as 0,56 em
(French text averages 0,50 em in DejaVu Sans, what LibreOffice draws for Calibri here, itself
wider than Calibri; bold 15 % wider), a column of width w shows 5,25·w points (7 pixels a
character), a line is 1,25 × the font size. Excel and LibreOffice keep a row's stored height
whatever it holds, so a wrapped cell gets the height its text needs.
"""
from __future__ import annotations

from openpyxl.styles import Font

FONT_NAME = "Calibri"  # Excel's default font: the width of a column is counted in it
POINTS_PER_WIDTH = 5.25
CHARACTER_EM = 0.56
LINE = 1.25


def font(**kw) -> Font:
    """A Font with the workbook's font name."""
    return Font(name=FONT_NAME, **kw)


def text_lines(text: str, width: float, size: float = 11, bold: bool = False) -> int:
    """Lines `text` takes wrapped word by word in a column (or merged columns) of `width`."""
    em = CHARACTER_EM * (1.15 if bold else 1.0)
    per_line = max(1, int(width * POINTS_PER_WIDTH / (size * em)))
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            n = len(word)
            if used and used + 1 + n > per_line:
                lines += 1
                used = 0
            used += (1 if used else 0) + n
            while used > per_line:  # a word longer than the line
                lines += 1
                used -= per_line
    return lines


def wrapped_height(text: str, width: float, size: float = 11, bold: bool = False,
                   least: float = 15.0) -> float:
    """The row height (points) a wrapped text needs, at least `least`."""
    return max(least, text_lines(text, width, size, bold) * size * LINE + 4)


def print_setup(ws, project: str, landscape: bool = False, scale: int | None = None,
                pages_wide: int = 1) -> None:
    """A4, fit to the width of `pages_wide` pages (or `scale` %), centred; the project's name
    and the sheet's in the header (as `planae compute` and the ribbon write it), page numbers
    in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if scale:
        ws.page_setup.scale = scale
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = pages_wide
        ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    for header in (ws.oddHeader, ws.evenHeader):  # in the sheet's default font, a sans-serif
        header.left.text = project.replace("&", "&&")
        header.right.text = "&A"
        header.left.size = header.right.size = 9
    for footer in (ws.oddFooter, ws.evenFooter):
        footer.center.text = "Page &P / &N"
        footer.right.text = "planae"
        footer.center.size, footer.right.size = 9, 8
