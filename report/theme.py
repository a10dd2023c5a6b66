"""The deck's one visual theme: slide size, colours, fonts, the frame every slide shares."""
from __future__ import annotations

import functools
from copy import deepcopy

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.shapes.autoshape import Shape
from pptx.util import Emu, Inches, Pt

SLIDE_W = Inches(13.333)
SLIDE_H = Inches(7.5)
MARGIN = Inches(0.5)
FONT = "Arial"
LANG = "fr-FR"

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
TEAL = RGBColor(0x2A, 0x9D, 0x8F)
SAND = RGBColor(0xE9, 0xC4, 0x6A)
CORAL = RGBColor(0xE7, 0x6F, 0x51)
SKY = RGBColor(0x45, 0x7B, 0x9D)
INK = RGBColor(0x22, 0x2B, 0x36)
GREY = RGBColor(0x6B, 0x75, 0x80)
LIGHT = RGBColor(0xF2, 0xF4, 0xF7)
RULE = RGBColor(0xD5, 0xDB, 0xE3)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
PLUM = RGBColor(0x7B, 0x5E, 0x8C)
OLIVE = RGBColor(0x8A, 0x9A, 0x5B)
SERIES = (NAVY, TEAL, SAND, CORAL, SKY, PLUM, OLIVE, GREY)

# the body area of a content slide (below the title, above the footer)
TITLE_TOP = Inches(0.35)
TITLE_H = Inches(0.75)
BODY_TOP = Inches(1.35)
BODY_BOTTOM = SLIDE_H - Inches(0.6)
BODY_LEFT = MARGIN
BODY_W = SLIDE_W - 2 * MARGIN
BODY_H = BODY_BOTTOM - BODY_TOP

TEXT_MARGIN = Inches(0.05)  # inner margin of every text box, on each side

TITLE_SIZE = 26
BODY_SIZE = 15
SMALL_SIZE = 10


def blank_slide(prs):
    """A new slide on the blank layout: python-pptx's `add_slide` without its search of the
    layout for placeholders to copy (the blank layout has none that are copied: its date,
    footer and slide number stay on the layout)."""
    rId, slide = prs.part.add_slide(prs.slide_layouts[6])
    prs.element.get_or_add_sldIdLst().add_sldId(rId)
    return slide


def shapes(slide):
    """The slide's shapes, new ones numbered from a kept maximum (python-pptx's turbo add):
    else each new shape reads every id of the slide to find the largest."""
    tree = slide.shapes
    if not tree.turbo_add_enabled:
        tree.turbo_add_enabled = True
    return tree


_STAMPS: dict[tuple, object] = {}  # a shape's format -> a shape so formatted, to copy
_OFF = qn("a:off")


def stamped(slide, key: tuple, make, left, top, width, height, name=None, proxy=Shape):
    """A new shape formatted as `key` (a `proxy` of it): the first is made by
    `make(shapes, x, y, cx, cy)` through python-pptx, the next ones are copies of it with
    their own id, name, position and size (formatting a shape through python-pptx costs a
    few hundred calls)."""
    tree = shapes(slide)
    x, y, cx, cy = (int(v) for v in (left, top, width, height))
    if key in _STAMPS:
        sp = deepcopy(_STAMPS[key])
        cNvPr = sp[0][0]  # first in the shape's non-visual properties
        off = next(sp.iter(_OFF))  # the position, before the size, in the shape's properties
        ext = off.getnext()
        shape_id = tree._next_shape_id
        cNvPr.set("id", str(shape_id))
        cNvPr.set("name", f"{cNvPr.get('name').rsplit(' ', 1)[0]} {shape_id - 1}")
        off.set("x", str(x))
        off.set("y", str(y))
        ext.set("cx", str(cx))
        ext.set("cy", str(cy))
        tree._spTree.append(sp)  # a new slide's shape tree has no extension list to keep last
    else:
        sp = make(tree, Emu(x), Emu(y), Emu(cx), Emu(cy))._element
        _STAMPS[key] = deepcopy(sp)
    if name:
        sp[0][0].set("name", name)
    return proxy(sp, tree)


def rect(slide, left, top, width, height, fill, line=None, shape=MSO_SHAPE.RECTANGLE):
    def make(tree, x, y, cx, cy):
        s = tree.add_shape(shape, x, y, cx, cy)
        s.fill.solid()
        s.fill.fore_color.rgb = fill
        if line is None:
            s.line.fill.background()
        else:
            s.line.color.rgb = line
            s.line.width = Pt(0.75)
        s.shadow.inherit = False
        if s.has_text_frame:
            s.text_frame.text = ""
        return s
    return stamped(slide, (shape, fill, line), make, left, top, width, height)


def text_box(slide, left, top, width, height, paragraphs, *, anchor=MSO_ANCHOR.TOP,
             align=PP_ALIGN.LEFT, name=None):
    """A text box of fixed size; `paragraphs` is a list of `report.textfit.Para`."""
    def make(tree, x, y, cx, cy):
        box = tree.add_textbox(x, y, cx, cy)
        tf = box.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = anchor
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(tf, side, TEXT_MARGIN)
        return box
    box = stamped(slide, ("text box", anchor), make, left, top, width, height, name)
    fill_text(box._element[-1], paragraphs, align)  # p:txBody
    return box


# A paragraph as PowerPoint stores it: aligned, spaced from the one before, a bullet hanging
# in its indent, and one run in the theme's font.
_PARAGRAPH = ('<a:p {ns}><a:pPr algn="{align}"{indent}>{space}{bullet}</a:pPr><a:r>'
              '<a:rPr sz="{size}" b="{bold}" i="{italic}" lang="{lang}"><a:solidFill>'
              '<a:srgbClr val="{colour}"/></a:solidFill><a:latin typeface="{font}"/></a:rPr>'
              '<a:t/></a:r></a:p>')
_R = qn("a:r")


@functools.lru_cache(maxsize=None)
def _paragraph(align, space_before: float, bullet: bool, size: float, colour, bold: bool,
               italic: bool):
    """A paragraph so formatted, its text empty. Copied for each paragraph: formatting one
    through python-pptx costs a few hundred calls."""
    indent = int(Pt(size * 1.1))
    return parse_xml(_PARAGRAPH.format(
        ns=nsdecls("a"), align=PP_ALIGN.to_xml(align),
        indent=f' marL="{indent}" indent="{-indent}"' if bullet else "",
        space=f'<a:spcBef><a:spcPts val="{Pt(space_before).centipoints}"/></a:spcBef>'
        if space_before else "",
        bullet='<a:buChar char="•"/>' if bullet else "", size=Pt(size).centipoints,
        bold=int(bold), italic=int(italic), lang=LANG, colour=colour, font=FONT))


def fill_text(txBody, paragraphs, align=PP_ALIGN.LEFT) -> None:
    """The paragraphs into a new text box's body (which holds one empty paragraph)."""
    for i, para in enumerate(paragraphs):
        p = deepcopy(_paragraph(align, para.space_before if i else 0, para.bullet, para.size,
                                para.color or INK, para.bold, para.italic))
        if i == 0:
            txBody.replace(txBody[-1], p)
        else:
            txBody.append(p)
        next(p.iter(_R)).text = para.text


NUMBER_W = Inches(1.0)  # the part number, right of the title


def content_slide(prs, title: str, number: int | None = None):
    """A blank slide with the title band every content slide shares; `number` is the part of
    the Sommaire the slide belongs to, shown right of the title."""
    from .textfit import Para
    slide = blank_slide(prs)
    rect(slide, 0, 0, Inches(0.18), SLIDE_H, NAVY)
    width = BODY_W - (NUMBER_W if number else 0)
    text_box(slide, MARGIN, TITLE_TOP, width, TITLE_H,
             [Para(title, TITLE_SIZE, bold=True, color=NAVY)], anchor=MSO_ANCHOR.MIDDLE,
             name="Titre")
    if number:
        text_box(slide, MARGIN + width, TITLE_TOP, NUMBER_W, TITLE_H,
                 [Para(f"{number:02d}", 30, bold=True, color=TEAL)], anchor=MSO_ANCHOR.MIDDLE,
                 align=PP_ALIGN.RIGHT, name="Numéro de partie")
    rect(slide, MARGIN, TITLE_TOP + TITLE_H + Inches(0.05), Inches(1.2), Inches(0.06), TEAL)
    return slide


def footer(slide, left_text: str, page: int, total: int, dark: bool = False) -> None:
    from .textfit import Para
    color = WHITE if dark else GREY
    y = SLIDE_H - Inches(0.45)
    text_box(slide, MARGIN, y, Inches(9), Inches(0.3),
             [Para(left_text, SMALL_SIZE, color=color)], name="Pied de page")
    text_box(slide, SLIDE_W - MARGIN - Inches(2), y, Inches(2), Inches(0.3),
             [Para(f"{page} / {total}", SMALL_SIZE, color=color)], align=PP_ALIGN.RIGHT,
             name="Numéro de page")
