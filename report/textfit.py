"""Text fitting without a renderer: estimate how tall a text is in a box of a given width,
split a long text over several boxes, and check a finished deck for overflow.

The estimate is deliberately on the safe side: character widths are those of DejaVu Sans
(wider than Arial, and what LibreOffice substitutes for it), plus 3 %; lines are wrapped word
by word, and a line is 1.2 × the font size tall.
"""
from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass, replace
from itertools import repeat

from pptx.util import Emu, Pt

from .font_widths import BOLD_CHARS, BOLD_WIDTHS, REGULAR_CHARS, REGULAR_WIDTHS

LINE_FACTOR = 1.2
SAFETY = 1.03  # renderers differ a little in spacing: widths are taken 3 % wider
_WIDTHS = {False: dict(zip(REGULAR_CHARS, REGULAR_WIDTHS)),
           True: dict(zip(BOLD_CHARS, BOLD_WIDTHS))}
_UNKNOWN = 700  # a character outside the table: as wide as a capital
_EMS = {bold: {ch: w / 1000.0 for ch, w in widths.items()} for bold, widths in _WIDTHS.items()}


@dataclass(frozen=True)
class Para:
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    space_before: float = 0.0  # points
    color: object = None


def char_em(ch: str, bold: bool = False) -> float:
    return _WIDTHS[bold].get(ch, _UNKNOWN) / 1000.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of text."""
    return sum(map(_EMS[bold].get, text, repeat(_UNKNOWN / 1000.0))) * size * SAFETY


def line_count(text: str, width_pt: float, size: float, bold: bool = False,
               most: float = math.inf) -> int:
    """Lines a paragraph takes once wrapped word by word in `width_pt`; counting stops once
    past `most` (a caller asking only whether a text fits need not measure all of it)."""
    total = 0
    for hard_line in text.split("\n") or [""]:
        lines, current = 1, 0.0
        space = text_width(" ", size, bold)
        for word in hard_line.split(" "):
            w = text_width(word, size, bold)
            if current == 0.0:
                current = w
            elif current + space + w <= width_pt:
                current += space + w
            else:
                lines += 1
                current = w
            while current > width_pt:  # a word longer than the line breaks anywhere
                lines += 1
                current -= width_pt
            if total + lines > most:
                return total + lines
        total += lines
    return total


def lines_height(text: str, width_pt: float, size: float, bold: bool = False,
                 most_lines: float = math.inf) -> float:
    """Height in points of a paragraph's lines, without the space before it."""
    return line_count(text, width_pt, size, bold, most_lines) * size * LINE_FACTOR


def para_height(p: Para, width_pt: float, most_lines: float = math.inf) -> float:
    indent = p.size * 1.1 if p.bullet else 0.0
    return p.space_before + lines_height(p.text, width_pt - indent, p.size, p.bold,
                                         most_lines)


def _height_up_to(p: Para, width_pt: float, room: float) -> float:
    """`para_height(p)` when the paragraph fits `room`; otherwise a height surely taller than
    `room` (two lines of margin), found without measuring the rest of the text."""
    most = int(max(room - p.space_before, 0.0) / (p.size * LINE_FACTOR)) + 2
    return para_height(p, width_pt, most)


def height(paragraphs: list[Para], width_pt: float) -> float:
    """Height in points of paragraphs in a text area `width_pt` wide (margins excluded)."""
    total = 0.0
    for i, p in enumerate(paragraphs):
        h = para_height(p, width_pt)
        total += h - (p.space_before if i == 0 else 0.0)
    return total


def _pieces(p: Para) -> list[str]:
    """Sentences of a paragraph, then words for a sentence that is still too long."""
    return [s for s in re.split(r"(?<=[.;!?:])\s+", p.text) if s]


def fitting(paragraphs, width_pt: float, height_pt: float) -> int:
    """How many of the leading paragraphs fit the area. Heights are added up as `height`
    adds them and the count stops at the first paragraph that overflows, so the cost follows
    what fits, not the length of the whole text."""
    total, count = 0.0, 0
    for i, p in enumerate(paragraphs):
        first = p.space_before if i == 0 else 0.0
        total += _height_up_to(p, width_pt, height_pt - total + first) - first
        if total > height_pt:
            break
        count += 1
    return count


def _largest(high: int, fits) -> int:
    """The largest n in 1..high for which `fits(n)` holds, 0 if none. `fits` holds up to some
    n and never after (a longer head of a text is never shorter): probing 1, 2, 4… then
    halving costs in proportion to the answer, not to `high`."""
    good, bad, n = 0, high + 1, 1
    while n < bad and fits(n):
        good, n = n, 2 * n
    bad = min(bad, n)
    while bad - good > 1:
        mid = (good + bad) // 2
        good, bad = (mid, bad) if fits(mid) else (good, mid)
    return good


def paginate(paragraphs: list[Para], width_pt: float, height_pt: float) -> list[list[Para]]:
    """Split paragraphs into pages that each fit the area. A paragraph that does not fit the
    rest of a page moves to the next one whole when it is short, else is cut between sentences
    (between words when not one sentence fits an empty page). Never loses text,
    never returns an empty page. Each page's height is kept as it grows (the page's, plus the
    paragraph's, as `height` adds them), and a paragraph is measured only as far as the room
    left: the cost follows the length of the text, whatever its number of pages."""
    pages: list[list[Para]] = [[]]
    used = 0.0  # height of the last page

    def with_(p: Para) -> float | None:
        """The last page's height with `p` added, None when it does not fit."""
        total = used + _height_up_to(p, width_pt, height_pt - used)
        return total if total <= height_pt else None

    def cut(p: Para, units: list[str]) -> int:
        """How many of the first `units` of `p` fit the last page, leaving at least one."""
        return _largest(len(units) - 1,
                        lambda n: with_(replace(p, text=" ".join(units[:n]))) is not None)

    queue = deque(paragraphs)
    while queue:
        p = queue.popleft()
        page = pages[-1]
        here = replace(p, space_before=p.space_before if page else 0.0)
        total = with_(here)
        if total is not None:
            page.append(here)
            used = total
            continue
        short = _height_up_to(p, width_pt, height_pt / 2) <= height_pt / 2
        if page and short:
            pages.append([])
            used = 0.0
            queue.appendleft(p)
            continue
        units = _pieces(p)
        placed = cut(here, units)
        if not placed and not page:  # not one sentence fits an empty page: cut between words
            units = p.text.split(" ")
            placed = cut(here, units)
        if placed:
            page.append(replace(here, text=" ".join(units[:placed])))
            queue.appendleft(replace(p, text=" ".join(units[placed:]), space_before=0.0))
        elif page:
            queue.appendleft(p)
        else:  # a single word taller than the page: cannot happen with sane sizes
            page.append(here)
        pages.append([])
        used = 0.0
    return [page for page in pages if page]


def largest_fitting(paragraphs_at, sizes, width_pt: float, height_pt: float):
    """The first size in `sizes` whose paragraphs (`paragraphs_at(size)`) fit, else None."""
    for size in sizes:
        paragraphs = paragraphs_at(size)
        if fitting(paragraphs, width_pt, height_pt) == len(paragraphs):
            return size
    return None


# --- checking a finished deck ------------------------------------------------------------

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _paras_of(text_frame) -> list[Para]:
    out = []
    for i, p in enumerate(text_frame.paragraphs):
        runs = p.runs
        end = p._p.find(f"{{{_A}}}endParaRPr")
        empty = float(end.get("sz")) / 100 if end is not None and end.get("sz") else 18.0
        size = max((r.font.size.pt for r in runs if r.font.size is not None), default=empty)
        bold = any(bool(r.font.bold) for r in runs)
        pPr = p._p.pPr
        bullet = pPr is not None and pPr.find(f"{{{_A}}}buChar") is not None
        before = p.space_before.pt if p.space_before is not None else 0.0
        out.append(Para("".join(r.text for r in runs), size, bold, bullet=bullet,
                        space_before=before if i else 0.0))
    return out


def _inner(shape_width, margin_l, margin_r) -> float:
    return Emu(shape_width - (margin_l or 0) - (margin_r or 0)).pt


def overflows(prs) -> list[str]:
    """Every text box or table cell whose estimated text is taller than its box, and every
    shape outside the slide: one French line per problem (empty when the deck is clean)."""
    problems = []
    W, H = prs.slide_width, prs.slide_height
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            where = f"diapositive {n}, « {shape.name} »"
            if shape.left < 0 or shape.top < 0 or shape.left + shape.width > W or \
                    shape.top + shape.height > H:
                problems.append(f"{where} : hors de la diapositive")
            if shape.has_text_frame and shape.text_frame.text.strip():
                tf = shape.text_frame
                width = _inner(shape.width, tf.margin_left, tf.margin_right)
                need = height(_paras_of(tf), width)
                have = Emu(shape.height - tf.margin_top - tf.margin_bottom).pt
                if need > have + 0.5:
                    problems.append(f"{where} : texte de {need:.0f} pt pour {have:.0f} pt")
            if shape.has_table:
                table = shape.table
                total = 0.0
                for r, row in enumerate(table.rows):
                    need_row = row.height
                    for c, cell in enumerate(row.cells):
                        width = _inner(table.columns[c].width, cell.margin_left,
                                       cell.margin_right)
                        need = Pt(height(_paras_of(cell.text_frame), width)) + \
                            cell.margin_top + cell.margin_bottom
                        if need > row.height + Pt(0.5):
                            problems.append(f"{where} : ligne {r + 1} trop basse pour son "
                                            "texte")
                        need_row = max(need_row, need)
                    total += need_row
                if shape.top + total > H:
                    problems.append(f"{where} : le tableau dépasse le bas de la diapositive")
    return problems


def fit_size(text: str, sizes, width_pt: float, height_pt: float, bold: bool = False
             ) -> float:
    """The largest of `sizes` (in decreasing order) at which `text` fits the area; the
    smallest otherwise."""
    for size in sizes:
        if height([Para(text, size, bold)], width_pt) <= height_pt:
            return size
    return sizes[-1]
