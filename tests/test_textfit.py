"""Text fitting without a renderer (report/textfit.py, report/diagrams.py): what fits is the
longest head of the text that fits, nothing is lost, and the work grows as the text does."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from report import diagrams, textfit
from report.textfit import Para
from workbook import narrative as narr

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç", min_size=1, max_size=14)
SENTENCE = st.lists(WORD, min_size=1, max_size=25).map(lambda w: " ".join(w) + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=6).map(" ".join)


def _paras(texts: list[str], size: float) -> list[Para]:
    return [Para(t, size, space_before=size * 0.6 if i else 0.0) for i, t in enumerate(texts)]


@settings(max_examples=60, deadline=None)
@given(st.lists(PARAGRAPH, max_size=10), st.sampled_from((10, 13, 16)),
       st.floats(60, 500), st.floats(10, 600))
def test_fitting_is_the_longest_head_whose_height_fits(texts, size, width, room):
    paras = _paras(texts, size)
    longest = max(n for n in range(len(paras) + 1)
                  if textfit.height(paras[:n], width) <= room)
    assert textfit.fitting(paras, width, room) == longest


@settings(max_examples=60, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=10), st.sampled_from((10, 13, 16)),
       st.floats(150, 500), st.floats(60, 600))
def test_pages_fit_and_keep_every_word_in_order(texts, size, width, room):
    pages = textfit.paginate(_paras(texts, size), width, room)
    assert all(pages)
    assert all(textfit.height(page, width) <= room for page in pages)
    assert " ".join(p.text for page in pages for p in page).split() == " ".join(texts).split()


def test_a_sentence_taller_than_a_page_is_cut_between_words():
    sentence = " ".join(["mot"] * 400) + "."
    pages = textfit.paginate([Para(f"{sentence} Fin.", 12)], 200, 100)
    assert len(pages) > 1 and all(textfit.height(page, 200) <= 100 for page in pages)


def _measured(monkeypatch, work) -> int:
    """The characters whose width `work` measures."""
    count = [0]
    width = textfit.text_width

    def counted(text, size, bold=False):
        count[0] += len(text)
        return width(text, size, bold)
    monkeypatch.setattr(textfit, "text_width", counted)
    work()
    return count[0]


POINT = "Une clientèle fidèle rencontrée sur les marchés de créateurs, point {}"


def test_a_long_swot_block_costs_in_proportion_to_its_length(monkeypatch):
    blocks = diagrams.swot_layout([(k, t) for k, t, _ in narr.GROUPS["swot"]])

    def swot(n):
        return lambda: diagrams.pages(blocks, {"forces": [POINT.format(i) for i in range(n)]})
    small, large = _measured(monkeypatch, swot(100)), _measured(monkeypatch, swot(400))
    assert large <= 5 * small, (small, large)  # 4 × the text: about 4 × (quadratic: 50 ×)


def test_a_long_paragraph_costs_in_proportion_to_its_length(monkeypatch):
    def text(n):
        paragraph = " ".join(POINT.format(i) + "." for i in range(n))
        return lambda: textfit.paginate([Para(paragraph, 15)], 600, 400)
    small, large = _measured(monkeypatch, text(100)), _measured(monkeypatch, text(400))
    assert large <= 5 * small, (small, large)
