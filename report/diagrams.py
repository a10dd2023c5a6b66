"""SWOT, Business Model Canvas and PESTEL drawn as diagrams: coloured blocks, each with its
title and its points. Points that do not fit a block at the smallest size continue on a
further slide with the same layout."""
from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches

from . import textfit
from .textfit import Para
from .theme import (BODY_H, BODY_LEFT, BODY_TOP, BODY_W, CORAL, INK, LIGHT, NAVY, SAND, SKY,
                    TEAL, TEXT_MARGIN, WHITE, rect, text_box)

SIZES = (15, 14, 13, 12, 11, 10)
GAP = Inches(0.12)
HEADER_H = Inches(0.42)


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    left: int
    top: int
    width: int
    height: int
    colour: object


def _grid(keys_titles, cols: int, rows: int, colours, left=BODY_LEFT, top=BODY_TOP,
          width=BODY_W, height=BODY_H) -> list[Block]:
    w = (width - (cols - 1) * GAP) / cols
    h = (height - (rows - 1) * GAP) / rows
    out = []
    for i, (key, title) in enumerate(keys_titles):
        r, c = divmod(i, cols)
        out.append(Block(key, title, int(left + c * (w + GAP)), int(top + r * (h + GAP)),
                         int(w), int(h), colours[i % len(colours)]))
    return out


def swot_layout(items) -> list[Block]:
    return _grid(items, 2, 2, (TEAL, CORAL, SKY, SAND))


def pestel_layout(items) -> list[Block]:
    return _grid(items, 3, 2, (NAVY, TEAL, SKY, SAND, CORAL, NAVY))


def canvas_layout(items) -> list[Block]:
    """The usual canvas: five columns on top (partners | activities over resources | value |
    relationship over channels | segments), costs and revenues below."""
    titles = dict(items)
    col_w = (BODY_W - 4 * GAP) / 5
    top_h = BODY_H * 0.72
    half = (top_h - GAP) / 2
    bottom_top = BODY_TOP + top_h + GAP
    bottom_h = BODY_H - top_h - GAP
    x = [BODY_LEFT + i * (col_w + GAP) for i in range(5)]
    spec = [
        ("partenaires", x[0], BODY_TOP, col_w, top_h, NAVY),
        ("activites", x[1], BODY_TOP, col_w, half, TEAL),
        ("ressources", x[1], BODY_TOP + half + GAP, col_w, half, TEAL),
        ("proposition", x[2], BODY_TOP, col_w, top_h, CORAL),
        ("relation", x[3], BODY_TOP, col_w, half, SKY),
        ("canaux", x[3], BODY_TOP + half + GAP, col_w, half, SKY),
        ("segments", x[4], BODY_TOP, col_w, top_h, NAVY),
        ("couts", BODY_LEFT, bottom_top, (BODY_W - GAP) / 2, bottom_h, SAND),
        ("revenus", BODY_LEFT + (BODY_W + GAP) / 2, bottom_top, (BODY_W - GAP) / 2, bottom_h,
         SAND),
    ]
    return [Block(k, titles[k], int(l), int(t), int(w), int(h), c) for k, l, t, w, h, c in spec]


def _body_area(block: Block) -> tuple[float, float]:
    inner_w = Emu(block.width - 2 * Inches(0.08) - 2 * TEXT_MARGIN).pt
    inner_h = Emu(block.height - HEADER_H - Inches(0.1) - 2 * TEXT_MARGIN).pt
    return inner_w, inner_h


def _paras(points: list[str], size: float):
    """The points as bullet paragraphs, made as they are read (fitting stops early)."""
    return (Para(p, size, bullet=True, space_before=size * 0.35 if i else 0)
            for i, p in enumerate(points))


def _fitting(block: Block, items: list[str], size: float) -> int:
    """How many of the first points fit the block at `size`."""
    return textfit.fitting(_paras(items, size), *_body_area(block))


def fit_blocks(blocks: list[Block], points: dict[str, list[str]]
               ) -> tuple[float, dict[str, list[str]], dict[str, list[str]]]:
    """One font size for the whole diagram (the largest that fits every block, or the
    smallest), the points drawn now, and the points left for a continuation slide."""
    def fits(size):
        return all(_fitting(b, points.get(b.key, []), size) == len(points.get(b.key, []))
                   for b in blocks)
    size = next((s for s in SIZES if fits(s)), SIZES[-1])
    now, later = {}, {}
    for b in blocks:
        items = points.get(b.key, [])
        w, h = _body_area(b)
        n = _fitting(b, items, size)
        if n == 0 and items:  # one point taller than the block: cut it into pages of text
            pages = textfit.paginate(list(_paras(items[:1], size)), w, h)
            now[b.key] = [pages[0][0].text]
            rest = [" ".join(p.text for p in page) for page in pages[1:]]
            later[b.key] = rest + items[1:]
            continue
        now[b.key], later[b.key] = items[:n], items[n:]
    return size, now, {k: v for k, v in later.items() if v}


def draw(slide, blocks: list[Block], points: dict[str, list[str]], size: float) -> None:
    for b in blocks:
        rect(slide, b.left, b.top, b.width, b.height, LIGHT)
        rect(slide, b.left, b.top, b.width, HEADER_H, b.colour)
        title_w = b.width - Inches(0.16)
        title_size = textfit.fit_size(b.title, (14, 13, 12, 11, 10), Emu(title_w).pt - 8,
                                      Emu(HEADER_H).pt - 8, bold=True)
        text_box(slide, b.left + Inches(0.08), b.top, title_w, HEADER_H,
                 [Para(b.title, title_size, bold=True, color=WHITE)], anchor=MSO_ANCHOR.MIDDLE,
                 name=f"Titre {b.title}")
        items = points.get(b.key, [])
        if items:
            text_box(slide, b.left + Inches(0.08), b.top + HEADER_H + Inches(0.05),
                     b.width - Inches(0.16), b.height - HEADER_H - Inches(0.1),
                     [Para(p.text, p.size, bullet=True, space_before=p.space_before,
                           color=INK) for p in _paras(items, size)],
                     name=f"Contenu {b.title}")


def pages(blocks: list[Block], points: dict[str, list[str]]):
    """(size, points) for each slide the diagram needs: usually one."""
    out = []
    remaining = {k: list(v) for k, v in points.items() if v}
    while True:
        size, now, later = fit_blocks(blocks, remaining)
        out.append((size, now))
        if not later:
            return out
        remaining = later
