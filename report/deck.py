"""The bank-ready deck: cover, key figures, the written part, SWOT / canvas / PESTEL
diagrams, the financial tables and native charts, the monthly cash plan in annex.

`build_deck(plan, narrative)` returns a python-pptx Presentation; every figure comes from the
engine's tables (`plan.tables`), formatted by `report.formats`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches

from forecast.activity import ACTIVITY_LABELS
from forecast.plan import BusinessPlan
from forecast.thresholds import month_label

from workbook import narrative as narr

from . import charts, diagrams, formats, tables, textfit
from .textfit import Para
from .theme import (BODY_BOTTOM, BODY_H, BODY_LEFT, BODY_SIZE, BODY_TOP, BODY_W, GREY, INK,
                    LIGHT, NAVY, SAND, SLIDE_H, SLIDE_W, TEAL, TEXT_MARGIN, WHITE,
                    content_slide, footer, rect, text_box)

YEAR_LABELS = ("Année 1", "Année 2", "Année 3")
TEXT_W = Inches(8.5)  # the written part's text column; the side panel takes the rest
SIDE_LEFT = BODY_LEFT + TEXT_W + Inches(0.35)
SIDE_W = BODY_LEFT + BODY_W - SIDE_LEFT
TABLE_SIZES = (12, 11, 10)
BODY_SIZES = (16, 15, 14)  # a text that fits one slide at one of these sizes is not split
MONTHS_PER_SLIDE = 12


@dataclass
class Deck:
    plan: BusinessPlan
    narrative: dict
    prs: object = None
    dark: set = field(default_factory=set)  # slide indexes with a dark background

    @property
    def name(self) -> str:
        return self.plan.assumptions.project.name

    def value(self, table: str, line: str, column: int = 0):
        return self.plan.tables[table].value(line, column)


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


# --- slides ------------------------------------------------------------------------------

def cover(d: Deck) -> None:
    p = d.plan.assumptions.project
    cov = d.narrative["couverture"]
    slide = d.prs.slides.add_slide(d.prs.slide_layouts[6])
    d.dark.add(len(d.prs.slides) - 1)
    rect(slide, 0, 0, SLIDE_W, SLIDE_H, NAVY)
    rect(slide, 0, SLIDE_H - Inches(0.35), SLIDE_W, Inches(0.35), TEAL)
    rect(slide, Inches(0.9), Inches(2.0), Inches(1.6), Inches(0.08), SAND)
    text_box(slide, Inches(0.9), Inches(2.25), Inches(11.5), Inches(1.9),
             [Para(p.name, 40, bold=True, color=WHITE)], anchor=MSO_ANCHOR.TOP, name="Projet")
    lines = [Para("Business plan — prévisionnel sur 3 ans", 22, color=SAND)]
    start = f"Début d'activité : {p.start_date.day}{'er' if p.start_date.day == 1 else ''} " \
            f"{month_label(p.start_date)}"
    lines.append(Para(start, 16, color=WHITE, space_before=10))
    lines.append(Para(ACTIVITY_LABELS[p.activity], 16, color=WHITE, space_before=4))
    text_box(slide, Inches(0.9), Inches(4.2), Inches(11.5), Inches(1.3), lines, name="Sous-titre")
    who = [x for x in (cov.get("porteur"), cov.get("lieu"), cov.get("contact")) if x]
    if who:
        text_box(slide, Inches(0.9), Inches(5.7), Inches(11.5), Inches(1.1),
                 [Para(x, 14, bold=i == 0, color=WHITE, space_before=3)
                  for i, x in enumerate(who)], name="Porteur")


def divider(d: Deck, title: str, subtitle: str = "") -> None:
    slide = d.prs.slides.add_slide(d.prs.slide_layouts[6])
    d.dark.add(len(d.prs.slides) - 1)
    rect(slide, 0, 0, SLIDE_W, SLIDE_H, NAVY)
    rect(slide, Inches(0.9), Inches(3.0), Inches(1.6), Inches(0.08), SAND)
    paras = [Para(title, 36, bold=True, color=WHITE)]
    if subtitle:
        paras.append(Para(subtitle, 16, color=SAND, space_before=12))
    text_box(slide, Inches(0.9), Inches(3.25), Inches(11.5), Inches(2.2), paras, name="Titre")


def agenda_slide(d: Deck, parts: list[str]) -> None:
    slide = content_slide(d.prs, "Sommaire")
    half = (len(parts) + 1) // 2
    col_w = (BODY_W - Inches(0.5)) / 2
    for c, chunk in enumerate((parts[:half], parts[half:])):
        paras = [Para(f"{c * half + i + 1:02d}   {t}", 17, color=INK if i % 2 else NAVY,
                      space_before=9) for i, t in enumerate(chunk)]
        if paras:
            text_box(slide, BODY_LEFT + c * (col_w + Inches(0.5)), BODY_TOP + Inches(0.2),
                     col_w, BODY_H - Inches(0.2), paras, name=f"Sommaire {c + 1}")


def _card(slide, left, top, width, height, value: str, label: str, accent) -> None:
    rect(slide, left, top, width, height, LIGHT)
    rect(slide, left, top, Inches(0.09), height, accent)
    size = textfit.fit_size(value, (26, 22, 19, 16), _inner_w(width - Inches(0.35)),
                            _inner_h(Inches(0.75)), bold=True)
    text_box(slide, left + Inches(0.25), top + Inches(0.15), width - Inches(0.35),
             Inches(0.75), [Para(value, size, bold=True, color=NAVY)], name="Chiffre")
    text_box(slide, left + Inches(0.25), top + Inches(0.9), width - Inches(0.35),
             height - Inches(1.0), [Para(label, 12, color=GREY)], name="Libellé")


def key_figures(d: Deck) -> None:
    slide = content_slide(d.prs, "Le projet en chiffres")
    cash_end = d.plan.tables["tresorerie"].line("tresorerie_fin").values
    low = min(range(len(cash_end)), key=lambda i: cash_end[i])
    months = d.plan.tables["tresorerie"].columns
    cards = [
        (formats.euros(d.value("compte_de_resultat", "chiffre_affaires", 0)),
         "Chiffre d'affaires HT, année 1"),
        (formats.euros(d.value("compte_de_resultat", "chiffre_affaires", 2)),
         "Chiffre d'affaires HT, année 3"),
        (formats.euros(d.value("compte_de_resultat", "resultat", 0)),
         "Résultat de l'exercice, année 1 (avant impôt sur le revenu)"),
        (formats.euros(d.value("indicateurs", "revenu_mensuel", 0)),
         "Revenu mensuel de l'exploitant, année 1"),
        (formats.euros(d.value("plan_de_financement_initial", "total_besoins")),
         "Besoins de démarrage (investissements, BFR, sécurité)"),
        (formats.euros(d.value("plan_de_financement_initial", "total_ressources")),
         "Ressources de démarrage (apport, prêts, aides)"),
        (formats.euros(cash_end[low]), f"Trésorerie la plus basse, fin {months[low]}"),
        (str(d.value("indicateurs", "point_mort_mois", 0)),
         "Point mort atteint, année 1"),
    ]
    cols = 4
    gap = Inches(0.25)
    w = (BODY_W - (cols - 1) * gap) / cols
    h = Inches(2.2)
    top = BODY_TOP + Inches(0.35)
    accents = (TEAL, TEAL, NAVY, NAVY, SAND, SAND, TEAL, NAVY)
    for i, (value, label) in enumerate(cards):
        r, c = divmod(i, cols)
        _card(slide, BODY_LEFT + c * (w + gap), top + r * (h + gap), w, h, value, label,
              accents[i])


def _side_facts(d: Deck, key: str) -> list[tuple[str, str]]:
    p = d.plan.assumptions.project
    cr = "compte_de_resultat"
    years = lambda table, line: [(f"{label}", formats.euros(d.value(table, line, i)))  # noqa
                                 for i, label in enumerate(YEAR_LABELS)]
    facts = {
        "entreprise": [("Début d'activité", f"{p.start_date:%d/%m/%Y}"),
                       ("Lieu", d.narrative["couverture"].get("lieu", "")),
                       ("Offres", str(len(d.plan.assumptions.offers)))],
        "strategie": [(f"CA {label.lower()}", v) for label, v in years(cr, "chiffre_affaires")],
        "modele_economique": [
            ("Taux de marge brute, année 1",
             formats.percent(d.value("indicateurs", "taux_marge_brute", 0))),
            ("Charges fixes, année 1", formats.euros(d.value("indicateurs", "charges_fixes", 0))),
            ("Seuil de rentabilité, année 1",
             formats.euros(d.value("indicateurs", "seuil_rentabilite", 0)))],
        "risques": [
            ("Trésorerie de sécurité",
             formats.euros(d.value("plan_de_financement_initial", "tresorerie_securite"))),
            ("Trésorerie la plus basse",
             formats.euros(min(d.plan.tables["tresorerie"].line("tresorerie_fin").values)))],
        "conclusion": [
            ("Besoins de démarrage",
             formats.euros(d.value("plan_de_financement_initial", "total_besoins"))),
            ("Emprunts bancaires",
             formats.euros(d.value("plan_de_financement_initial", "emprunts_bancaires"))),
            ("Revenu disponible, année 3",
             formats.euros(d.value(cr, "revenu_disponible", 2)))],
    }
    return [(label, value) for label, value in facts.get(key, []) if value]


def _side_panel(slide, number: int, facts: list[tuple[str, str]]) -> None:
    rect(slide, SIDE_LEFT, BODY_TOP, SIDE_W, BODY_H, LIGHT)
    x, w = SIDE_LEFT + Inches(0.25), SIDE_W - Inches(0.5)
    text_box(slide, x, BODY_TOP + Inches(0.2), w, Inches(1.1),
             [Para(f"{number:02d}", 54, bold=True, color=TEAL)], name="Numéro de partie")
    y = BODY_TOP + Inches(1.5)
    for label, value in facts:
        text_box(slide, x, y, w, Inches(0.35), [Para(label, 12, color=GREY)],
                 name="Repère libellé")
        size = textfit.fit_size(value, (20, 17, 15, 13, 11), _inner_w(w), _inner_h(Inches(0.55)),
                                bold=True)
        text_box(slide, x, y + Inches(0.33), w, Inches(0.55),
                 [Para(value, size, bold=True, color=NAVY)], name="Repère chiffre")
        y += Inches(1.05)


def written_section(d: Deck, number: int, key: str, title: str) -> None:
    text = d.narrative["sections"].get(key)
    if not text:
        return
    width, room = _inner_w(TEXT_W), _inner_h(BODY_H)
    size = textfit.largest_fitting(lambda s: text_paras(text, s), BODY_SIZES, width, room)
    pages = textfit.paginate(text_paras(text, size or BODY_SIZES[0]), width, room)
    facts = _side_facts(d, key)
    for i, page in enumerate(pages):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)")
        text_box(slide, BODY_LEFT, BODY_TOP, TEXT_W, BODY_H, page, name="Texte")
        _side_panel(slide, number, facts)


def diagram(d: Deck, group: str, layout) -> None:
    points = d.narrative[group]
    if not points:
        return
    blocks = layout([(k, t) for k, t, _ in narr.GROUPS[group]])
    title = narr.GROUP_TITLES[group]
    for i, (size, now) in enumerate(diagrams.pages(blocks, points)):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)")
        diagrams.draw(slide, blocks, now, size)


def table_slides(d: Deck, key: str, title: str | None = None, columns: range | None = None,
                 sizes=TABLE_SIZES, label_share: float | None = None, note: str = "",
                 headers: tuple[str, ...] | None = None) -> None:
    """One engine table on as many slides as it needs (usually one)."""
    table = d.plan.tables[key]
    columns = columns if columns is not None else range(len(table.columns))
    rows = tables.table_rows(table, columns, headers)
    n = len(columns)
    label_w = int(BODY_W * (label_share if label_share else (0.46 if n <= 3 else 0.24)))
    value_w = int((BODY_W - label_w) / n)
    widths = [label_w] + [value_w] * n
    available = BODY_H - (Inches(0.4) if note else 0)
    for size in sizes:
        pages = tables.split_rows(rows, widths, size, int(available))
        if len(pages) == 1:
            break
    title = title or table.title
    for i, page in enumerate(pages):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)")
        tables.add_table(slide, page, int(BODY_LEFT), int(BODY_TOP), widths, size,
                         name=table.title)
        if note:
            text_box(slide, BODY_LEFT, BODY_BOTTOM - Inches(0.35), BODY_W, Inches(0.35),
                     [Para(note, 10, color=GREY)], name="Note")


def initial_financing(d: Deck) -> None:
    table = d.plan.tables["plan_de_financement_initial"]
    slide = content_slide(d.prs, table.title)
    lines = list(table.lines)
    split = next(i for i, l in enumerate(lines) if l.key == "ressources")
    gap = Inches(0.4)
    w = int((BODY_W - gap) / 2)
    widths = [int(w * 0.68), w - int(w * 0.68)]
    bottom = BODY_TOP
    for part, (head, body) in enumerate((("Besoins", lines[1:split]),
                                         ("Ressources", lines[split + 1:-1]))):
        rows = [tables.Row((head, "Montant"), "header")] + [
            tables.Row((l.label, formats.cell(l.values[0], l.style)),
                       "total" if l.style == "total" else "") for l in body]
        shape = tables.add_table(slide, rows, int(BODY_LEFT + part * (w + gap)), int(BODY_TOP),
                                 widths, 13, name=head)
        bottom = max(bottom, shape.top + shape.height)
    gap_line = lines[-1]
    gap_value = gap_line.values[0]
    y = min(bottom + Inches(0.5), BODY_BOTTOM - Inches(0.85))
    rect(slide, BODY_LEFT, y, BODY_W, Inches(0.85), TEAL if gap_value >= 0 else SAND)
    text_box(slide, BODY_LEFT + Inches(0.3), y, BODY_W - Inches(0.6), Inches(0.85),
             [Para(f"{gap_line.label} : {formats.euros(gap_value)}", 20, bold=True,
                   color=WHITE)], anchor=MSO_ANCHOR.MIDDLE, name="Écart")


def _chart_slide(d: Deck, title: str, note: str = ""):
    slide = content_slide(d.prs, title)
    height = BODY_H - (Inches(0.45) if note else 0)
    if note:
        text_box(slide, BODY_LEFT, BODY_BOTTOM - Inches(0.4), BODY_W, Inches(0.4),
                 [Para(note, 11, color=GREY)], name="Note")
    return slide, height


def turnover_chart(d: Deck) -> None:
    table = d.plan.tables["compte_de_resultat"]
    offers = [l for l in table.lines if l.key.startswith("ca_offre_")]
    slide, h = _chart_slide(d, "Chiffre d'affaires par offre",
                            "Chiffre d'affaires HT par année du plan (12 mois à partir du "
                            "début d'activité), en milliers d'euros.")
    charts.columns(slide, int(BODY_LEFT), int(BODY_TOP), int(BODY_W), int(h), YEAR_LABELS,
                   [(l.label.replace("dont ", "").strip(), l.values) for l in offers],
                   stacked=True, name="CA par offre")


def results_chart(d: Deck) -> None:
    t = d.plan.tables["compte_de_resultat"]
    keys = ("chiffre_affaires", "ebe", "resultat", "revenu_disponible")
    labels = ("Chiffre d'affaires", "EBE", "Résultat", "Revenu disponible")
    slide, h = _chart_slide(d, "Du chiffre d'affaires au revenu de l'exploitant",
                            "EBE : excédent brut d'exploitation. Revenu disponible : résultat "
                            "après impôt sur le revenu (ou versement libératoire).")
    charts.columns(slide, int(BODY_LEFT), int(BODY_TOP), int(BODY_W), int(h), YEAR_LABELS,
                   [(label, t.line(k).values) for k, label in zip(keys, labels)],
                   name="Résultats")


def cash_chart(d: Deck) -> None:
    t = d.plan.tables["tresorerie"]
    minimum = d.plan.assumptions.project.minimum_cash
    series = [("Trésorerie en fin de mois", t.line("tresorerie_fin").values)]
    if minimum:
        series.append(("Trésorerie de sécurité", [minimum] * len(t.columns)))
    slide, h = _chart_slide(d, "Trésorerie sur 36 mois",
                            "Solde de trésorerie à la fin de chaque mois ; le détail mensuel "
                            "figure en annexe.")
    charts.lines(slide, int(BODY_LEFT), int(BODY_TOP), int(BODY_W), int(h), t.columns, series,
                 name="Trésorerie", dashed=("Trésorerie de sécurité",))


def attention_points(d: Deck) -> None:
    alerts = [a for a in d.plan.alerts if a.severity in ("bloquant", "attention")]
    notes = list(d.plan.forecast.notes)
    if not alerts and not notes:
        return
    paras = []
    if alerts:
        paras.append(Para("Points d'attention", 16, bold=True, color=NAVY))
        paras += [Para(a.message, 13, bullet=True, space_before=5) for a in alerts]
    if notes:
        paras.append(Para("Hypothèses de calcul", 16, bold=True, color=NAVY,
                          space_before=14 if alerts else 0))
        paras += [Para(n, 13, bullet=True, space_before=5) for n in notes]
    title = "Points d'attention et hypothèses"
    for i, page in enumerate(textfit.paginate(paras, _inner_w(BODY_W), _inner_h(BODY_H))):
        slide = content_slide(d.prs, title if i == 0 else f"{title} (suite)")
        text_box(slide, BODY_LEFT, BODY_TOP, BODY_W, BODY_H, page, name="Texte")


MONTH_ABBREVIATIONS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                       "sept.", "oct.", "nov.", "déc.")


def cash_annex(d: Deck) -> None:
    t = d.plan.tables["tresorerie"]
    months = d.plan.forecast.months
    for start in range(0, len(t.columns), MONTHS_PER_SLIDE):
        cols = range(start, min(start + MONTHS_PER_SLIDE, len(t.columns)))
        year = start // 12 + 1
        headers = tuple(f"{MONTH_ABBREVIATIONS[months[i].month - 1]} {months[i].year}"
                        for i in cols)
        table_slides(d, "tresorerie", f"Annexe — plan de trésorerie mensuel, année {year}",
                     cols, sizes=(10, 9, 8), label_share=0.22, headers=headers)


# --- the whole deck ------------------------------------------------------------------------

WRITTEN_BEFORE_FINANCE = ("marche", "entreprise", "proposition_valeur", "cibles",
                          "concurrence", "strategie", "modele_economique", "marketing",
                          "risques")


def build_deck(plan: BusinessPlan, narrative: dict | None) -> Presentation:
    d = Deck(plan, narr.normalized(narrative))
    d.prs = Presentation()
    d.prs.slide_width, d.prs.slide_height = SLIDE_W, SLIDE_H
    sections = d.narrative["sections"]
    titles = dict((k, t) for k, t, _ in narr.SECTIONS)
    diagram_after = {"marche": ("pestel", diagrams.pestel_layout),
                     "cibles": ("swot", diagrams.swot_layout),
                     "modele_economique": ("bmc", diagrams.canvas_layout)}
    written = [k for k in WRITTEN_BEFORE_FINANCE if sections.get(k)]
    parts = [titles[k] for k in written] + ["Prévisions financières"]
    if sections.get("conclusion"):
        parts.append(titles["conclusion"])
    parts.append("Annexe : plan de trésorerie mensuel")

    cover(d)
    agenda_slide(d, parts)
    key_figures(d)
    number = 0
    for key in WRITTEN_BEFORE_FINANCE:
        if sections.get(key):
            number += 1
            written_section(d, number, key, titles[key])
        if key in diagram_after:
            diagram(d, *diagram_after[key])

    divider(d, "Prévisions financières",
            "Sur 3 ans, selon les règles de la micro-entreprise : cotisations, ACRE, CFP, "
            "TFC, CFE, TVA et plafonds")
    turnover_chart(d)
    table_slides(d, "compte_de_resultat")
    results_chart(d)
    table_slides(d, "amortissements", "Investissements et amortissements")
    initial_financing(d)
    table_slides(d, "plan_de_financement")
    table_slides(d, "bilan")
    table_slides(d, "bfr")
    cash_chart(d)
    table_slides(d, "indicateurs")
    attention_points(d)
    if sections.get("conclusion"):
        number += 1
        written_section(d, number, "conclusion", titles["conclusion"])
    cash_annex(d)

    total = len(d.prs.slides)
    for i, slide in enumerate(d.prs.slides):
        if i:
            footer(slide, f"{d.name} · Business plan", i + 1, total, dark=i in d.dark)
    d.prs.core_properties.title = f"Business plan — {d.name}"
    d.prs.core_properties.language = "fr-FR"
    return d.prs
