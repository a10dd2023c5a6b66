"""The bank-ready deck: cover, Sommaire, key figures, the written part with its SWOT / canvas /
PESTEL diagrams, the numbered assumptions, the financial tables and native charts, the
financing request and its cover by the activity, the person's risks and conclusion, the monthly
cash plan in annex.

`build_deck(plan, narrative)` returns a python-pptx Presentation; every figure comes from the
engine's tables (`plan.tables`), formatted by `report.formats`. The Sommaire is built from the
list of parts the deck draws, so its numbers and the number on each slide agree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches

from forecast import french
from forecast.activity import ACTIVITY_LABELS
from forecast.assumptions import ARCE, UNEMPLOYMENT_CHOICES
from forecast.french import MONTHS_SHORT, long_date
from forecast.plan import BusinessPlan
from forecast.tables import Line

from workbook import narrative as narr

from . import charts, diagrams, formats, hypotheses, tables, textfit
from .textfit import Para
from .theme import (BODY_BOTTOM, BODY_H, BODY_LEFT, BODY_SIZE, BODY_TOP, BODY_W, CORAL, GREY,
                    INK, LIGHT, NAVY, SAND, SERIES, SLIDE_H, SLIDE_W, TEAL, TEXT_MARGIN, WHITE,
                    blank_slide, content_slide, footer, rect, text_box)

YEAR_LABELS = ("Année 1", "Année 2", "Année 3")
TEXT_W = Inches(8.5)  # the written part's text column when a side panel shows key figures
SIDE_LEFT = BODY_LEFT + TEXT_W + Inches(0.35)
SIDE_W = BODY_LEFT + BODY_W - SIDE_LEFT
TABLE_SIZES = (12, 11, 10)
BODY_SIZES = (16, 15, 14)  # a text that fits one slide at one of these sizes is not split
MONTHS_PER_SLIDE = 12
GAP = Inches(0.4)
HALF_W = int((BODY_W - GAP) / 2)
LEGAL_STATUS = "Micro-entreprise — entreprise individuelle (EI)"
FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI"


@dataclass
class Deck:
    plan: BusinessPlan
    narrative: dict
    today: dt.date
    prs: object = None
    dark: set = field(default_factory=set)  # slide indexes with a dark background
    risk: object = None  # forecast.risk_report.RiskReport: scenarios and simulation

    @property
    def name(self) -> str:
        return self.plan.assumptions.project.name

    def value(self, table: str, line: str, column: int = 0):
        return self.plan.tables[table].value(line, column)

    def table(self, key: str):
        """An engine table, or the scenarios' when the deck shows them."""
        if key in self.plan.tables:
            return self.plan.tables[key]
        return {self.risk.scenarios.key: self.risk.scenarios}[key]

    @property
    def cash(self) -> list[float]:
        return list(self.plan.tables["tresorerie"].line("tresorerie_fin").values)


@dataclass(frozen=True)
class Part:
    """One entry of the Sommaire and the slides drawn for it (given its number)."""
    title: str
    draw: Callable[[Deck, int], None]


# --- pieces of text ----------------------------------------------------------------------

def text_paras(text: str, size: float = BODY_SIZE) -> list[Para]:
    """A section's free text as paragraphs: blank lines or line breaks separate paragraphs,
    "- " or "• " starts a bullet point."""
    out = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        bullet = line[:1] in "-•–*" and line[1:2] == " "
        body = line[2:].strip() if bullet else line
        out.append(Para(body, size, bullet=bullet, space_before=size * (0.3 if bullet else 0.6)))
    return out


def _inner_w(width) -> float:
    return Emu(width - 2 * TEXT_MARGIN).pt


def _inner_h(height) -> float:
    return Emu(height - 2 * TEXT_MARGIN).pt


def cash_colour(d: Deck, value: float):
    """How a cash figure is shown: coral below zero, sand below the safety minimum."""
    if value < -0.005:
        return CORAL
    if value < d.plan.assumptions.project.minimum_cash - 0.005:
        return SAND
    return None


# --- cover, Sommaire, key figures -------------------------------------------------------

def vat_status(d: Deck) -> list[str]:
    """The cover's VAT lines: the franchise mention while it applies at the start."""
    f = d.plan.forecast
    start = f.turnover.franchise.start(f.months)
    if start == f.months[0]:
        return ["Assujetti à la TVA dès le début d'activité"]
    if start is None:
        return [FRANCHISE_MENTION]
    last = french.date(start - dt.timedelta(days=1))
    return [FRANCHISE_MENTION, f"(franchise en base jusqu'au {last}, "
                               f"TVA prévue à partir du {french.date(start)})"]


def cover(d: Deck) -> None:
    p = d.plan.assumptions.project
    cov = d.narrative["couverture"]
    slide = blank_slide(d.prs)
    d.dark.add(len(d.prs.slides) - 1)
    rect(slide, 0, 0, SLIDE_W, SLIDE_H, NAVY)
    rect(slide, 0, SLIDE_H - Inches(0.35), SLIDE_W, Inches(0.35), TEAL)
    rect(slide, Inches(0.9), Inches(1.35), Inches(1.6), Inches(0.08), SAND)
    size = textfit.fit_size(p.name, (40, 34, 28), _inner_w(Inches(11.5)), _inner_h(Inches(1.5)),
                            bold=True)
    text_box(slide, Inches(0.9), Inches(1.55), Inches(11.5), Inches(1.5),
             [Para(p.name, size, bold=True, color=WHITE)], anchor=MSO_ANCHOR.TOP, name="Projet")
    lines = [Para("Business plan — prévisionnel sur 3 ans", 22, color=SAND),
             Para(f"Début d'activité : {long_date(p.start_date)}", 16, color=WHITE,
                  space_before=10),
             Para(ACTIVITY_LABELS[p.activity], 16, color=WHITE, space_before=4),
             Para(LEGAL_STATUS, 16, color=WHITE, space_before=4)]
    lines += [Para(text, 14 if i else 16, color=WHITE, space_before=4)
              for i, text in enumerate(vat_status(d))]
    text_box(slide, Inches(0.9), Inches(3.1), Inches(11.5), Inches(2.3), lines,
             name="Sous-titre")
    who = [x for x in (cov.get("porteur"), cov.get("lieu"), cov.get("contact")) if x]
    text_box(slide, Inches(0.9), Inches(5.45), Inches(7.6), Inches(1.2),
             [Para(x, 14, bold=i == 0, color=WHITE, space_before=3) for i, x in enumerate(who)]
             or [Para("", 14)], name="Porteur")
    text_box(slide, Inches(8.6), Inches(6.2), Inches(3.8), Inches(0.45),
             [Para(f"Document du {long_date(d.today)}", 12, color=SAND)],
             align=PP_ALIGN.RIGHT, name="Date")


def divider(d: Deck, title: str, number: int, subtitle: str = "") -> None:
    slide = blank_slide(d.prs)
    d.dark.add(len(d.prs.slides) - 1)
    rect(slide, 0, 0, SLIDE_W, SLIDE_H, NAVY)
    rect(slide, Inches(0.9), Inches(3.0), Inches(1.6), Inches(0.08), SAND)
    text_box(slide, Inches(0.9), Inches(1.6), Inches(3), Inches(1.2),
             [Para(f"{number:02d}", 54, bold=True, color=TEAL)], name="Numéro de partie")
    paras = [Para(title, 36, bold=True, color=WHITE)]
    if subtitle:
        paras.append(Para(subtitle, 16, color=SAND, space_before=12))
    text_box(slide, Inches(0.9), Inches(3.25), Inches(11.5), Inches(2.2), paras, name="Titre")


def agenda_slide(d: Deck, parts: list[Part]) -> None:
    slide = content_slide(d.prs, "Sommaire")
    half = (len(parts) + 1) // 2
    col_w = (BODY_W - Inches(0.5)) / 2
    entries = [f"{i + 1:02d}   {p.title}" for i, p in enumerate(parts)]
    size = next(s for s in (17, 16, 15, 14, 13, 12) if textfit.height(
        [Para(e, s, space_before=s * 0.5) for e in entries[:half]], _inner_w(col_w))
        <= _inner_h(BODY_H - Inches(0.2)))
    for c, chunk in enumerate((entries[:half], entries[half:])):
        paras = [Para(t, size, color=INK if i % 2 else NAVY, space_before=size * 0.5)
                 for i, t in enumerate(chunk)]
        if paras:
            text_box(slide, BODY_LEFT + c * (col_w + Inches(0.5)), BODY_TOP + Inches(0.2),
                     col_w, BODY_H - Inches(0.2), paras, name=f"Sommaire {c + 1}")


def _card(slide, left, top, width, height, value: str, label: str, accent,
          colour=None) -> None:
    rect(slide, left, top, width, height, LIGHT)
    rect(slide, left, top, Inches(0.09), height, colour or accent)
    size = textfit.fit_size(value, (26, 22, 19, 16), _inner_w(width - Inches(0.35)),
                            _inner_h(Inches(0.75)), bold=True)
    text_box(slide, left + Inches(0.25), top + Inches(0.15), width - Inches(0.35),
             Inches(0.75), [Para(value, size, bold=True, color=colour or NAVY)], name="Chiffre")
    text_box(slide, left + Inches(0.25), top + Inches(0.9), width - Inches(0.35),
             height - Inches(1.0), [Para(label, 12, color=GREY)], name="Libellé")


def bank_loans(d: Deck) -> list:
    return [l for l in d.plan.assumptions.financing.loans if l.kind == "banque"]


def _loan_card(d: Deck) -> tuple[str, str]:
    loans = bank_loans(d)
    if not loans:
        return (formats.euros(d.value("plan_de_financement_initial", "total_ressources")),
                "Ressources de démarrage (apport, prêts, aides) : aucun prêt bancaire demandé")
    terms = f"{loans[0].months} mois à {formats.percent(loans[0].rate, 2)}" \
        if len(loans) == 1 else f"{len(loans)} prêts"
    return formats.euros(sum(l.amount for l in loans)), f"Prêt bancaire demandé ({terms})"


def key_figures(d: Deck) -> None:
    slide = content_slide(d.prs, "Le projet en chiffres")
    cash = d.cash
    low = min(range(len(cash)), key=lambda i: cash[i])
    months = d.plan.tables["tresorerie"].columns
    low_label = f"Trésorerie la plus basse, fin {months[low]}"
    if cash[low] < 0:
        low_label += " : découvert à financer"
    cards = [
        (formats.euros(d.value("compte_de_resultat", "chiffre_affaires", 0)),
         "Chiffre d'affaires HT, année 1", TEAL, None),
        (formats.euros(d.value("compte_de_resultat", "chiffre_affaires", 2)),
         "Chiffre d'affaires HT, année 3", TEAL, None),
        (formats.euros(d.value("compte_de_resultat", "resultat", 0)),
         "Résultat de l'exercice, année 1 (avant impôt sur le revenu)", NAVY, None),
        (formats.euros(d.value("indicateurs", "revenu_mensuel", 0)),
         "Revenu mensuel de l'exploitant, année 1", NAVY, None),
        (formats.euros(d.value("plan_de_financement_initial", "total_besoins")),
         "Besoins de démarrage (investissements, BFR, sécurité)", SAND, None),
        (*_loan_card(d), SAND, None),
        (formats.euros(cash[low]), low_label, TEAL, cash_colour(d, cash[low])),
        (str(d.value("indicateurs", "point_mort_mois", 0)), "Point mort atteint, année 1",
         NAVY, None),
    ]
    cols = 4
    gap = Inches(0.25)
    w = (BODY_W - (cols - 1) * gap) / cols
    h = Inches(2.2)
    top = BODY_TOP + Inches(0.35)
    for i, (value, label, accent, colour) in enumerate(cards):
        r, c = divmod(i, cols)
        _card(slide, BODY_LEFT + c * (w + gap), top + r * (h + gap), w, h, value, label, accent,
              colour)


# --- the written part --------------------------------------------------------------------

def _marketing_budget(d: Deck) -> float:
    return sum(c.monthly_amount * max(0, 13 - c.first_month)
               for c in d.plan.assumptions.charges if c.category.startswith("Marketing"))


def _side_facts(d: Deck, key: str) -> list[tuple[str, str, object]]:
    """Key figures shown beside a section's text: (label, value, colour or None)."""
    p = d.plan.assumptions.project
    cr = "compte_de_resultat"
    offers = d.plan.assumptions.offers
    units = sum(sum(o.quantities) for o in offers)
    turnover = d.value(cr, "chiffre_affaires", 0)
    low = min(d.cash)
    facts = {
        "entreprise": [("Début d'activité", french.date(p.start_date)),
                       ("Lieu", d.narrative["couverture"].get("lieu", "")),
                       ("Statut", "Micro-entreprise (EI)"),
                       ("Offres", str(len(offers)))],
        "proposition_valeur": [(o.name, f"{formats.euros(o.unit_price)} HT")
                               for o in sorted(offers, key=lambda o: -o.unit_price *
                                               sum(o.quantities))[:3]],
        "cibles": [("Ventes prévues, année 1", french.number(units)),
                   ("Panier moyen", formats.euros(turnover / units) if units else ""),
                   ("CA, année 1", formats.euros(turnover))],
        "strategie": [(f"CA {label.lower()}", formats.euros(d.value(cr, "chiffre_affaires", i)))
                      for i, label in enumerate(YEAR_LABELS)],
        "modele_economique": [
            ("Taux de marge brute, année 1",
             formats.percent(d.value("indicateurs", "taux_marge_brute", 0))),
            ("Charges fixes, année 1", formats.euros(d.value("indicateurs", "charges_fixes", 0))),
            ("Seuil de rentabilité, année 1",
             formats.euros(d.value("indicateurs", "seuil_rentabilite", 0)))],
        "marketing": [("Budget marketing, année 1", formats.euros(_marketing_budget(d))),
                      ("Part du CA, année 1",
                       formats.percent(_marketing_budget(d) / turnover) if turnover else "")],
        "risques": [
            ("Trésorerie de sécurité",
             formats.euros(d.value("plan_de_financement_initial", "tresorerie_securite"))),
            ("Trésorerie la plus basse", formats.euros(low), cash_colour(d, low)),
            ("Point mort, année 1", str(d.value("indicateurs", "point_mort_mois", 0)))],
        "conclusion": [
            ("Besoins de démarrage",
             formats.euros(d.value("plan_de_financement_initial", "total_besoins"))),
            ("Prêt bancaire demandé", formats.euros(sum(l.amount for l in bank_loans(d)))),
            ("Revenu disponible, année 3", formats.euros(d.value(cr, "revenu_disponible", 2)))],
    }
    if key == "marketing" and not _marketing_budget(d):
        return []
    out = []
    for fact in facts.get(key, []):
        label, value, colour = (*fact, None)[:3]
        if value:
            out.append((label, value, colour))
    return out


def _side_panel(slide, facts) -> None:
    rect(slide, SIDE_LEFT, BODY_TOP, SIDE_W, BODY_H, LIGHT)
    x, w = SIDE_LEFT + Inches(0.25), SIDE_W - Inches(0.5)
    y = BODY_TOP + Inches(0.3)
    for label, value, colour in facts:
        label_h = Emu(int(textfit.height([Para(label, 12)], _inner_w(w)) * 12700)) + \
            2 * TEXT_MARGIN
        text_box(slide, x, y, w, label_h, [Para(label, 12, color=GREY)], name="Repère libellé")
        size = textfit.fit_size(value, (20, 17, 15, 13, 11), _inner_w(w), _inner_h(Inches(0.55)),
                                bold=True)
        text_box(slide, x, y + label_h, w, Inches(0.55),
                 [Para(value, size, bold=True, color=colour or NAVY)], name="Repère chiffre")
        y += label_h + Inches(0.75)


def written_section(d: Deck, number: int, key: str, title: str) -> None:
    text = d.narrative["sections"].get(key)
    text_slides(d, number, title, lambda s: text_paras(text, s), _side_facts(d, key))


def text_slides(d: Deck, number: int, title: str, paras_at: Callable[[float], list[Para]],
                facts: list) -> None:
    """A text (its paragraphs at a given size) on as few slides as it needs, at the largest
    size that fits one, with the key figures `facts` beside it."""
    width = TEXT_W if facts else BODY_W
    room = _inner_h(BODY_H)
    size = textfit.largest_fitting(paras_at, BODY_SIZES, _inner_w(width), room)
    pages = textfit.paginate(paras_at(size or BODY_SIZES[0]), _inner_w(width), room)
    for i, page in enumerate(pages):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)", number)
        text_box(slide, BODY_LEFT, BODY_TOP, width, BODY_H, page, name="Texte")
        if facts:
            _side_panel(slide, facts)


def diagram(d: Deck, number: int, group: str, layout) -> None:
    points = d.narrative[group]
    blocks = layout([(k, t) for k, t, _ in narr.GROUPS[group]])
    title = narr.GROUP_TITLES[group]
    for i, (size, now) in enumerate(diagrams.pages(blocks, points)):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)", number)
        diagrams.draw(slide, blocks, now, size)


# --- tables ------------------------------------------------------------------------------

def balanced_pages(rows, widths, size, height: int) -> list[list[tables.Row]]:
    """The rows on as few pages as fit `height`, shared out evenly: a table that needs two
    slides gets about half its lines on each, never one slide with two lines."""
    pages = tables.split_rows(rows, widths, size, height)
    if len(pages) == 1:
        return pages
    low, high = 1, height  # the smallest page height that still needs no more pages
    while high - low > Emu(Inches(0.05)):
        mid = (low + high) // 2
        if len(tables.split_rows(rows, widths, size, mid)) <= len(pages):
            high = mid
        else:
            low = mid
    return tables.split_rows(rows, widths, size, high)


def _widths(n: int, width: int, label_share: float | None) -> list[int]:
    label_w = int(width * (label_share if label_share else (0.46 if n <= 3 else 0.24)))
    value_w = int((width - label_w) / n)
    return [label_w] + [value_w] * n


def table_slides(d: Deck, key: str, title: str | None = None, columns: range | None = None,
                 sizes=TABLE_SIZES, label_share: float | None = None, note: str = "",
                 headers: tuple[str, ...] | None = None, number: int | None = None,
                 shares: tuple[float, ...] | None = None, text_columns: int = 1,
                 table=None) -> None:
    """One engine table (or `table`, a part of it) on as many slides as it needs (usually
    one); `shares` of the width by column instead of a label and equal columns, the first
    `text_columns` as text."""
    table = table or d.table(key)
    columns = columns if columns is not None else range(len(table.columns))
    rows = tables.table_rows(table, columns, headers)
    widths = [int(BODY_W * share) for share in shares] if shares else \
        _widths(len(columns), int(BODY_W), label_share)
    available = int(BODY_H - (Inches(0.4) if note else 0))
    for size in sizes:
        pages = balanced_pages(rows, widths, size, available)
        if len(pages) == 1 and tables.figures_fit(rows, widths, size, text_columns):
            break
    title = title or table.title
    for i, page in enumerate(pages):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)", number)
        tables.add_table(slide, page, int(BODY_LEFT), int(BODY_TOP), widths, size,
                         name=table.title, text_columns=text_columns)
        if note:
            text_box(slide, BODY_LEFT, BODY_BOTTOM - Inches(0.35), BODY_W, Inches(0.35),
                     [Para(note, 10, color=GREY)], name="Note")


def stacked_tables(d: Deck, keys: tuple[str, ...], title: str, number: int) -> None:
    """Several short tables one above the other on one slide when they fit, else one table
    per slide."""
    gap = int(Inches(0.3))
    blocks = [tables.table_rows(d.plan.tables[k]) for k in keys]
    widths = [_widths(len(d.plan.tables[k].columns), int(BODY_W), None) for k in keys]
    for size in (*TABLE_SIZES, 9):
        need = sum(tables.row_height(r, w, size) for rows, w in zip(blocks, widths)
                   for r in rows) + gap * (len(keys) - 1)
        if need <= BODY_H:
            break
    else:
        for key in keys:
            table_slides(d, key, number=number)
        return
    slide = content_slide(d.prs, title, number)
    top = int(BODY_TOP)
    for key, rows, w in zip(keys, blocks, widths):
        shape = tables.add_table(slide, rows, int(BODY_LEFT), top, w, size,
                                 name=d.plan.tables[key].title)
        top = shape.top + shape.height + gap


def _band(slide, top, text: str, ok: bool, height=Inches(0.75), size: float = 18) -> None:
    rect(slide, BODY_LEFT, top, BODY_W, height, TEAL if ok else CORAL)
    text_box(slide, BODY_LEFT + Inches(0.3), top, BODY_W - Inches(0.6), height,
             [Para(text, size, bold=True, color=WHITE)], anchor=MSO_ANCHOR.MIDDLE, name="Verdict")


def _two_column_rows(head: str, lines) -> list[tables.Row]:
    return [tables.Row((head, "Montant"), "header")] + [
        tables.Row((l.label, formats.cell(l.values[0], l.style)),
                   "total" if l.style == "total" else "") for l in lines]


def initial_financing(d: Deck, number: int) -> None:
    table = d.plan.tables["plan_de_financement_initial"]
    slide = content_slide(d.prs, table.title, number)
    lines = list(table.lines)
    split = next(i for i, l in enumerate(lines) if l.key == "ressources")
    widths = [int(HALF_W * 0.68), HALF_W - int(HALF_W * 0.68)]
    bottom = BODY_TOP
    for part, (head, body) in enumerate((("Besoins", lines[1:split]),
                                         ("Ressources", lines[split + 1:-1]))):
        shape = tables.add_table(slide, _two_column_rows(head, body),
                                 int(BODY_LEFT + part * (HALF_W + GAP)), int(BODY_TOP), widths, 13,
                                 name=head)
        bottom = max(bottom, shape.top + shape.height)
    gap_line = lines[-1]
    gap_value = gap_line.values[0]
    y = min(bottom + Inches(0.5), BODY_BOTTOM - Inches(0.85))
    _band(slide, y, f"{gap_line.label} : {formats.euros(gap_value)}", gap_value >= 0,
          Inches(0.85), 20)


# --- charts ------------------------------------------------------------------------------

def _chart_slide(d: Deck, title: str, number: int, note: str = ""):
    slide = content_slide(d.prs, title, number)
    height = BODY_H - (Inches(0.45) if note else 0)
    if note:
        text_box(slide, BODY_LEFT, BODY_BOTTOM - Inches(0.4), BODY_W, Inches(0.4),
                 [Para(note, 11, color=GREY)], name="Note")
    return slide, int(height)


def _chart_title(slide, left, text: str) -> int:
    text_box(slide, left, BODY_TOP, HALF_W, Inches(0.4), [Para(text, 14, bold=True, color=NAVY)],
             name="Titre du graphique")
    return int(Inches(0.45))


def _offer_lines(d: Deck):
    table = d.plan.tables["compte_de_resultat"]
    return [l for l in table.lines if l.key.startswith("ca_offre_")]


def _offer_name(line) -> str:
    return line.label.replace("dont ", "").strip()


LEGEND_ROW = Inches(0.26)


def _legend_columns(names: list[str]) -> int:
    return min(len(names), 4 if max(map(len, names)) <= 28 else 2)


def legend_height(names: list[str]) -> int:
    return int(-(-len(names) // _legend_columns(names)) * LEGEND_ROW)


def legend(slide, top: int, names: list[str]) -> None:
    """A legend drawn under two charts that share their series (one colour per offer): as many
    columns as the names allow, full width."""
    cols = _legend_columns(names)
    col_w = int(BODY_W / cols)
    for i, name in enumerate(names):
        r, c = divmod(i, cols)
        x, y = int(BODY_LEFT) + c * col_w, top + r * int(LEGEND_ROW)
        rect(slide, x, y + Inches(0.07), Inches(0.14), Inches(0.14), SERIES[i % len(SERIES)])
        text_w = col_w - Inches(0.25)
        size = textfit.fit_size(name, (11, 10, 9), _inner_w(text_w), _inner_h(LEGEND_ROW))
        text_box(slide, x + Inches(0.2), y, text_w, LEGEND_ROW, [Para(name, size, color=INK)],
                 name="Légende")


def turnover_charts(d: Deck, number: int) -> None:
    """Turnover by offer: the 3 plan years, and the 12 months of year 1, one legend for both."""
    slide, h = _chart_slide(d, "Chiffre d'affaires par offre", number,
                            "Chiffre d'affaires HT par offre, en milliers d'euros : par année du "
                            "plan (12 mois à partir du début d'activité) et mois par mois la "
                            "première année.")
    offers = _offer_lines(d)
    names = [_offer_name(l) for l in offers]
    below = legend_height(names) if len(names) > 1 else 0
    if below:
        legend(slide, int(BODY_TOP) + h - below, names)
    top = _chart_title(slide, BODY_LEFT, "Sur 3 ans")
    height = h - top - below - int(Inches(0.1))
    charts.columns(slide, int(BODY_LEFT), int(BODY_TOP) + top, HALF_W, height, YEAR_LABELS,
                   [(n, l.values) for n, l in zip(names, offers)], stacked=True,
                   name="CA par offre", legend=False)
    right = int(BODY_LEFT + HALF_W + GAP)
    _chart_title(slide, right, "Année 1, mois par mois")
    f = d.plan.forecast
    months = [f"{MONTHS_SHORT[m.month - 1]} {m:%y}" for m in f.months[:12]]
    charts.columns(slide, right, int(BODY_TOP) + top, HALF_W, height, months,
                   [(n, list(series[:12])) for n, series in zip(names, f.turnover.by_offer)],
                   stacked=True, name="CA mensuel année 1", legend=False)


def results_chart(d: Deck, number: int) -> None:
    t = d.plan.tables["compte_de_resultat"]
    keys = ("chiffre_affaires", "ebe", "resultat", "revenu_disponible")
    labels = ("Chiffre d'affaires", "EBE", "Résultat", "Revenu disponible")
    slide, h = _chart_slide(d, "Du chiffre d'affaires au revenu de l'exploitant", number,
                            "EBE : excédent brut d'exploitation. Revenu disponible : résultat "
                            "après impôt sur le revenu (ou versement libératoire).")
    charts.columns(slide, int(BODY_LEFT), int(BODY_TOP), int(BODY_W), h, YEAR_LABELS,
                   [(label, t.line(k).values) for k, label in zip(keys, labels)],
                   name="Résultats")


def cost_lines(d: Deck):
    """The charges of the compte de résultat down to the result (sub-lines « dont » aside)."""
    out = []
    for line in d.plan.tables["compte_de_resultat"].lines:
        if line.key == "resultat":
            break
        if line.style != "total" and not line.label.startswith(" ") and \
                line.key != "chiffre_affaires":
            out.append(line)
    return out


def break_even_charts(d: Deck, number: int) -> None:
    """Turnover against the break-even turnover, and the structure of the charges."""
    ind = d.plan.tables["indicateurs"]
    months = ind.line("point_mort_mois").values
    slide, h = _chart_slide(d, "Seuil de rentabilité et structure des charges", number,
                            "Seuil de rentabilité : chiffre d'affaires qui couvre toutes les "
                            "charges (point mort en année 1 : " + str(months[0]) + ").")
    top = _chart_title(slide, BODY_LEFT, "Chiffre d'affaires et seuil de rentabilité")
    threshold = [v if v is not None else 0.0 for v in ind.line("seuil_rentabilite").values]
    charts.columns(slide, int(BODY_LEFT), int(BODY_TOP) + top, HALF_W, h - top, YEAR_LABELS,
                   [("Chiffre d'affaires", ind.line("chiffre_affaires").values),
                    ("Seuil de rentabilité", threshold)], name="Seuil de rentabilité")
    right = int(BODY_LEFT + HALF_W + GAP)
    _chart_title(slide, right, "Structure des charges")
    costs = [l for l in cost_lines(d) if any(abs(v) > 0.005 for v in l.values)]
    charts.columns(slide, right, int(BODY_TOP) + top, HALF_W, h - top, YEAR_LABELS,
                   [(l.label, l.values) for l in costs], stacked=True,
                   name="Structure des charges")


def cash_chart(d: Deck, number: int) -> None:
    t = d.plan.tables["tresorerie"]
    minimum = d.plan.assumptions.project.minimum_cash
    series = [("Trésorerie en fin de mois", t.line("tresorerie_fin").values)]
    if minimum:
        series.append(("Trésorerie de sécurité", [minimum] * len(t.columns)))
    slide, h = _chart_slide(d, "Trésorerie sur 36 mois", number,
                            "Solde de trésorerie à la fin de chaque mois ; le détail mensuel "
                            "figure en annexe.")
    charts.lines(slide, int(BODY_LEFT), int(BODY_TOP), int(BODY_W), h, t.columns, series,
                 name="Trésorerie", dashed=("Trésorerie de sécurité",))


# --- the financing request ----------------------------------------------------------------

def financing_request(d: Deck, number: int) -> None:
    """The loans asked for and the plan they finance, then their repayment against what the
    activity leaves once the owner is paid."""
    loans = d.plan.tables["emprunts"]
    if not loans.columns:
        return
    slide = content_slide(d.prs, "Demande de financement", number)
    n = len(loans.columns)
    left_w = int(BODY_W * (0.56 if n <= 2 else 0.64))
    terms = tables.table_rows(loans)
    widths = _widths(n, left_w, 0.36 if n <= 2 else 0.28)
    shape = tables.add_table(slide, terms, int(BODY_LEFT), int(BODY_TOP), widths, 12,
                             name=loans.title)
    initial = d.plan.tables["plan_de_financement_initial"]
    lines = list(initial.lines)
    split = next(i for i, l in enumerate(lines) if l.key == "ressources")
    needs = [l for l in lines[1:split] if l.style == "total" or abs(l.values[0]) > 0.005]
    right_w = int(BODY_W - left_w - Inches(0.3))
    rows = _two_column_rows("Ce que le plan finance", needs)
    total = d.value("plan_de_financement_initial", "total_besoins")
    bank = sum(l.amount for l in bank_loans(d))
    if bank and total:
        share = formats.percent(bank / total, 0)
        rows.append(tables.Row((f"dont financé par prêt bancaire ({share})",
                                formats.euros(bank))))
    right = tables.add_table(slide, rows, int(BODY_LEFT + left_w + Inches(0.3)), int(BODY_TOP),
                             [int(right_w * 0.66), right_w - int(right_w * 0.66)], 12,
                             name="Besoins financés")
    bottom = max(shape.top + shape.height, right.top + right.height)
    cover = d.plan.tables["couverture_emprunts"]
    verdicts = cover.line("verdict").values
    ok = not any(str(v).startswith("Manque") for v in verdicts)
    text = ("Remboursements couverts par l'activité chaque année du plan" if ok else
            "Remboursements non couverts par l'activité : voir la capacité de remboursement")
    y = min(bottom + Inches(0.4), BODY_BOTTOM - Inches(0.75))
    _band(slide, y, text, ok)
    repayment(d, number)


def repayment(d: Deck, number: int) -> None:
    slide = content_slide(d.prs, "Remboursement et capacité de remboursement", number)
    cover = d.plan.tables["couverture_emprunts"]
    rows = tables.table_rows(cover)
    widths = _widths(3, int(BODY_W), 0.46)
    shape = tables.add_table(slide, rows, int(BODY_LEFT), int(BODY_TOP), widths, 11,
                             name=cover.title)
    schedule = d.plan.tables["echeancier"]
    n = len(schedule.columns)
    rows = tables.table_rows(schedule)
    widths = _widths(n, int(BODY_W), 0.28 if n > 3 else 0.46)
    top = shape.top + shape.height + Inches(0.3)
    size = 11 if n <= 5 else 10
    tables.add_table(slide, rows, int(BODY_LEFT), int(top), widths, size, name=schedule.title)


# --- scenarios and risks -------------------------------------------------------------------

def scenarios_and_risks(d: Deck, number: int) -> None:
    table_slides(d, "scenarios", "Scénarios : pessimiste, réaliste, optimiste", number=number,
                 note="Écarts appliqués au plan saisi ; chaque cas est recalculé avec les mêmes "
                      "règles (cotisations, ACRE, TVA, CFE) et le financement proposé par le "
                      "solveur.")
    if d.risk.simulation is not None:
        cash_risk(d, number)


def cash_risk(d: Deck, number: int) -> None:
    """The simulation: the cash fan, the tornado, the chance of a deficit and the cushion."""
    from forecast.risk_inputs import RISK_LEVEL
    s = d.risk.simulation
    slide, h = _chart_slide(
        d, "Risque de trésorerie", number,
        f"{french.number(s.draws)} plans recalculés (graine {s.seed}). Bande foncée : du 10e "
        "centile à la médiane ; claire : jusqu'au 90e. Ce n'est pas une prévision.")
    band_h = Inches(0.7)
    top = _chart_title(slide, BODY_LEFT, "Trésorerie en fin de mois")
    height = h - top - band_h - int(Inches(0.2))
    months = [f"{MONTHS_SHORT[m.month - 1]} {m:%y}" for m in s.months]
    charts.fan(slide, int(BODY_LEFT), int(BODY_TOP) + top, HALF_W, height, months,
               *(list(p) for p in s.percentiles), colour=NAVY, name="Éventail de trésorerie")
    right = int(BODY_LEFT + HALF_W + GAP)
    _chart_title(slide, right, "Trésorerie la plus basse, facteur par facteur")
    charts.tornado(slide, right, int(BODY_TOP) + top, HALF_W, height,
                   [x.label for x in s.sensitivities], [x.unfavourable for x in s.sensitivities],
                   [x.favourable for x in s.sensitivities], colours=(CORAL, TEAL),
                   name="Facteurs décisifs")
    ok = s.ever_below_zero < RISK_LEVEL
    text = (f"Trésorerie négative au moins un mois : {formats.percent(s.ever_below_zero)} des tirages"
            + ("" if not s.apport else f" · coussin pour passer sous "
               f"{formats.percent(RISK_LEVEL, 0)} : {formats.euros(s.apport)}"))
    _band(slide, int(BODY_TOP) + h - band_h, text, ok, band_h, 17)


# --- the numbered assumptions -------------------------------------------------------------

def assumptions_slides(d: Deck, number: int) -> None:
    rows = hypotheses.assumption_rows(d.plan)
    out = [tables.Row(("N°", "Thème", "Hypothèse", "Année 1"), "header")]
    for i, a in enumerate(rows, start=1):
        first = i == 1 or rows[i - 2].group != a.group
        out.append(tables.Row((f"H{i}", a.group if first else "", a.text, a.value)))
    fixed = Inches(0.55) + Inches(1.6) + Inches(1.2)
    widths = [int(Inches(0.55)), int(Inches(1.6)), int(BODY_W - fixed), int(Inches(1.2))]
    for size in (12, 11, 10):
        pages = balanced_pages(out, widths, size, int(BODY_H))
        if len(pages) <= 2:
            break
    title = "Hypothèses du prévisionnel"
    for i, page in enumerate(pages):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)", number)
        tables.add_table(slide, page, int(BODY_LEFT), int(BODY_TOP), widths, size,
                         name="Hypothèses", text_columns=3)


# --- the founder and the household ---------------------------------------------------------

FOUNDER_TEXTS = (("experience", "Expérience professionnelle"), ("training", "Formation"),
                 ("motivation", "Pourquoi ce projet"), ("situation", "Situation familiale"))


def _founder_paras(d: Deck, size: float) -> list[Para]:
    founder = d.plan.assumptions.founder
    paras: list[Para] = []
    for key, heading in FOUNDER_TEXTS:
        text = getattr(founder, key)
        if text:
            paras.append(Para(heading, size + 1, bold=True, color=NAVY,
                              space_before=size * (0.9 if paras else 0)))
            paras += text_paras(text, size)
    return paras


def _founder_facts(d: Deck) -> list[tuple[str, str, object]]:
    founder = d.plan.assumptions.founder
    c = d.plan.comparison
    facts = []
    if founder.monthly_needs:
        facts.append(("Besoins du foyer", f"{formats.euros(founder.monthly_needs)} / mois"))
    if founder.other_income:
        facts.append(("Autres revenus du foyer",
                      f"{formats.euros(founder.other_income)} / mois"))
    if c is not None:
        chosen = c.arce if c.chosen == ARCE else c.are
        facts.append(("ARCE, apportée à l'entreprise" if c.chosen == ARCE else
                      "ARE maintenue, perçue sur 36 mois", formats.euros(chosen.received)))
    return [(label, value, None) for label, value in facts]


def founder_slides(d: Deck, number: int) -> None:
    text_slides(d, number, "Le porteur de projet", lambda s: _founder_paras(d, s),
                _founder_facts(d))


DECK_HOUSEHOLD_LINES = ("are", "arce", "prelevements", "autres_revenus", "impot_paye",
                        "revenu_disponible", "impot_sans_vl", "impot_avec_vl", "moins_cher")


def household_slides(d: Deck, number: int) -> None:
    """One slide: the household by civil year (its main lines), and with unemployment rights
    which of ARE and ARCE suits the plan, and why."""
    full = d.plan.tables["revenus_foyer"]
    lines = [full.line(k) for k in DECK_HOUSEHOLD_LINES]
    table = replace(full, lines=tuple(line for line in lines if any(line.values)))
    slide = content_slide(d.prs, "Revenus du porteur et de son foyer", number)
    widths = _widths(len(table.columns), int(BODY_W), 0.42)
    shape = tables.add_table(slide, tables.table_rows(table), int(BODY_LEFT), int(BODY_TOP),
                             widths, 12, name=table.title)
    p = d.plan.assumptions.project
    note = ("Par année civile, celle de l'impôt ; le plan retient l'impôt "
            + ("avec" if p.versement_liberatoire else "sans") + " versement libératoire"
            + ("" if full.line("impot_sans_vl").values[-1] is not None else
               f" ; {full.column_keys[-1]}, incomplète : impôt non calculé") + ".")
    c = d.plan.comparison
    if c is not None:
        y = min(shape.top + shape.height + Inches(0.3), BODY_BOTTOM - Inches(1.55))
        _band(slide, y, f"Choix du porteur : {UNEMPLOYMENT_CHOICES[c.chosen]} — {c.advice}",
              True, Inches(1.1), 14)
    text_box(slide, BODY_LEFT, BODY_BOTTOM - Inches(0.35), BODY_W, Inches(0.35),
             [Para(note, 10, color=GREY)], name="Note")


def has_founder(d: Deck) -> bool:
    founder = d.plan.assumptions.founder
    return any(getattr(founder, key) for key, _ in FOUNDER_TEXTS)


def has_household(d: Deck) -> bool:
    founder = d.plan.assumptions.founder
    return bool(founder.has_budget or founder.other_income or founder.has_rights)


# --- the annex -----------------------------------------------------------------------------

HOUSEHOLD_TAX_RULES = ("ir.", "pas.")  # the household's income tax: the workbook lists them
HOUSEHOLD_TAX_LINE = "Impôt sur le revenu du foyer"  # the annex's one line counting them


def rules_annex(d: Deck, number: int) -> None:
    """The law the figures follow: each parameter used, its value, its legal source. The
    household's income-tax rules stay on the workbook's sheet (the bank reads the business's)
    and a note says how many there are."""
    every = d.table("regles")
    lines = tuple(line for line in every.lines if not line.key.startswith(HOUSEHOLD_TAX_RULES))
    left = len(every.lines) - len(lines)
    if left:
        lines += (Line("impot_foyer", HOUSEHOLD_TAX_LINE,
                       (f"{left} règle{'s' if left > 1 else ''}", "",
                        "Barème, décote et prélèvement à la source, chacun avec sa source : "
                        "feuille « Règles appliquées » du classeur"), "text"),)
    table_slides(d, "regles", "Annexe — règles appliquées", number=number, sizes=(9, 8, 7),
                 shares=(0.27, 0.16, 0.09, 0.48), text_columns=4,
                 table=replace(every, lines=lines))


def cash_annex(d: Deck, number: int) -> None:
    t = d.plan.tables["tresorerie"]
    months = d.plan.forecast.months
    for start in range(0, len(t.columns), MONTHS_PER_SLIDE):
        cols = range(start, min(start + MONTHS_PER_SLIDE, len(t.columns)))
        year = start // 12 + 1
        headers = tuple(f"{MONTHS_SHORT[months[i].month - 1]} {months[i].year}"
                        for i in cols)
        table_slides(d, "tresorerie", f"Annexe — plan de trésorerie mensuel, année {year}",
                     cols, sizes=(10, 9, 8), label_share=0.22, headers=headers, number=number)


# --- the whole deck ------------------------------------------------------------------------

DIAGRAM_AFTER = {"marche": ("pestel", diagrams.pestel_layout),
                 "cibles": ("swot", diagrams.swot_layout),
                 "modele_economique": ("bmc", diagrams.canvas_layout)}
WRITTEN_FIRST = ("marche", "entreprise", "proposition_valeur", "cibles", "concurrence",
                 "strategie", "modele_economique", "marketing")


def forecasts(d: Deck, number: int) -> None:
    divider(d, "Prévisions financières", number,
            "Sur 3 ans, selon les règles de la micro-entreprise : cotisations, ACRE, CFP, "
            "TFC, CFE, TVA et plafonds")
    turnover_charts(d, number)
    table_slides(d, "compte_de_resultat", number=number, sizes=(*TABLE_SIZES, 9))
    results_chart(d, number)
    break_even_charts(d, number)
    table_slides(d, "amortissements", "Investissements et amortissements", number=number)
    stacked_tables(d, ("bilan", "bfr"), "Bilan et besoin en fonds de roulement", number)
    cash_chart(d, number)
    table_slides(d, "indicateurs", number=number)


def financing(d: Deck, number: int) -> None:
    initial_financing(d, number)
    table_slides(d, "plan_de_financement", number=number)
    financing_request(d, number)


def parts_of(d: Deck) -> list[Part]:
    """The Sommaire: every part the deck draws, in order."""
    sections = d.narrative["sections"]
    titles = dict((k, t) for k, t, _ in narr.SECTIONS)
    parts: list[Part] = []

    def text_part(key: str) -> Part:
        return Part(titles[key], lambda d, n: written_section(d, n, key, titles[key]))

    if has_founder(d):
        parts.append(Part("Le porteur de projet", founder_slides))
    for key in WRITTEN_FIRST:
        if sections.get(key):
            parts.append(text_part(key))
        if key in DIAGRAM_AFTER and d.narrative[DIAGRAM_AFTER[key][0]]:
            group, layout = DIAGRAM_AFTER[key]
            parts.append(Part(narr.GROUP_TITLES[group],
                              lambda d, n, g=group, lay=layout: diagram(d, n, g, lay)))
    parts.append(Part("Hypothèses du prévisionnel", assumptions_slides))
    parts.append(Part("Prévisions financières", forecasts))
    loans = bool(d.plan.assumptions.financing.loans)
    parts.append(Part("Plan et demande de financement" if loans else "Plan de financement",
                      financing))
    if has_household(d):
        parts.append(Part("Revenus du porteur et de son foyer", household_slides))
    if d.risk is not None:
        parts.append(Part("Scénarios et risques", scenarios_and_risks))
    for key in ("risques", "conclusion"):
        if sections.get(key):
            parts.append(text_part(key))
    parts.append(Part("Annexe : plan de trésorerie mensuel", cash_annex))
    parts.append(Part("Annexe : règles appliquées", rules_annex))
    return parts


def build_deck(plan: BusinessPlan, narrative: dict | None, today: dt.date | None = None,
               risk=None) -> Presentation:
    """The deck; with `risk` (a RiskReport), its « Scénarios et risques » part too."""
    d = Deck(plan, narr.normalized(narrative), today or dt.date.today(), risk=risk)
    d.prs = Presentation()
    d.prs.slide_width, d.prs.slide_height = SLIDE_W, SLIDE_H
    parts = parts_of(d)
    cover(d)
    agenda_slide(d, parts)
    key_figures(d)
    for number, part in enumerate(parts, start=1):
        part.draw(d, number)
    total = len(d.prs.slides)
    for i, slide in enumerate(d.prs.slides):
        if i:
            footer(slide, f"{d.name} · Business plan", i + 1, total, dark=i in d.dark)
    d.prs.core_properties.title = f"Business plan — {d.name}"
    d.prs.core_properties.language = "fr-FR"
    return d.prs
