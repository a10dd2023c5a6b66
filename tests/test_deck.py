"""What the banker reads in the deck: the Sommaire agrees with the slides, the cover states the
legal status and VAT, the assumptions are numbered and read the plan, the financing request and
its cover, nothing of the software's to-do list, a negative cash low point never neutral, and a
plan with 8 offers stays readable."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from pptx.dml.color import RGBColor

from forecast.examples import example_data
from forecast.plan import build_plan
from forecast.risk_inputs import RiskInputs
from forecast.risk_report import risk_report
from report import formats
from report.deck import HOUSEHOLD_TAX_LINE, build_deck
from report.textfit import overflows
from report.theme import CORAL
from plans import eight_offers, simple_plan

TODAY = dt.date(2026, 5, 12)


def _deck(data, narrative="same", risk=False):
    """The plan and its deck; with `risk`, the « Scénarios et risques » part the export adds
    (a simulation of a few hundred draws)."""
    plan = build_plan(data)
    report = risk_report(plan.assumptions, RiskInputs(), simulated=True, draws=200) \
        if risk else None
    return plan, build_deck(plan, data.get("narrative") if narrative == "same" else narrative,
                            TODAY, risk=report)


@pytest.fixture(scope="module")
def decks():
    """Complete plans, as the export draws them (the simulation included)."""
    return {name: _deck(data, risk=True) for name, data in (("graphiste", example_data("graphiste")),
                                                 ("bijoux", example_data("bijoux")),
                                                 ("huit offres", eight_offers()))}


def _shapes(slide, name):
    return [s for s in slide.shapes if s.name == name]


def _text(slide, name) -> str:
    return " ".join(s.text_frame.text for s in _shapes(slide, name))


def _sommaire(prs) -> list[tuple[int, str]]:
    slide = prs.slides[1]
    entries = []
    for shape in slide.shapes:
        if shape.name.startswith("Sommaire "):
            for p in shape.text_frame.paragraphs:
                number, _, title = p.text.partition("   ")
                entries.append((int(number), title))
    return entries


@pytest.mark.parametrize("name", ["graphiste", "bijoux", "huit offres"])
def test_sommaire_and_slide_numbers_agree(decks, name):
    _, prs = decks[name]
    entries = _sommaire(prs)
    assert [n for n, _ in entries] == list(range(1, len(entries) + 1))
    titles = dict(entries)
    for diagram in ("Analyse SWOT", "Business Model Canvas", "Analyse PESTEL"):
        assert diagram in titles.values()
    numbers = []  # the part number each slide after the key figures carries
    for slide in list(prs.slides)[3:]:
        shown = _text(slide, "Numéro de partie")
        assert shown, _text(slide, "Titre")
        numbers.append(int(shown))
    assert numbers == sorted(numbers) and set(numbers) == set(titles)
    for i, slide in enumerate(list(prs.slides)[3:]):  # a part's first slide bears its title
        if i == 0 or numbers[i - 1] != numbers[i]:
            title = _text(slide, "Titre").split("\n")[0]
            part = titles[numbers[i]]
            assert title == part or part.startswith(("Plan et demande", "Annexe", "Scénarios")), \
                (title, part)


@pytest.mark.parametrize("name", ["graphiste", "bijoux", "huit offres"])
def test_complete_plans_stay_between_20_and_40_slides_without_orphans(decks, name):
    _, prs = decks[name]
    assert 20 <= len(prs.slides) <= 40
    assert overflows(prs) == []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table and "(suite)" in _text(slide, "Titre"):
                assert len(shape.table.rows) - 1 >= 4, _text(slide, "Titre")


def test_text_slides_use_the_width_when_they_have_no_key_figures(decks):
    _, prs = decks["graphiste"]
    panels = {}
    for slide in prs.slides:
        title = _text(slide, "Titre")
        text = _shapes(slide, "Texte")
        if text:
            panels[title] = (bool(_shapes(slide, "Repère chiffre")), text[0].width)
    assert panels["Analyse concurrentielle"][0] is False  # nothing to show beside it
    assert panels["Stratégie de développement sur 3 ans"][0] is True
    assert panels["Analyse concurrentielle"][1] > panels["Stratégie de développement sur 3 "
                                                         "ans"][1]


def test_cover_states_date_status_and_vat(decks):
    plan, prs = decks["graphiste"]
    cover = prs.slides[0]
    text = " ".join(s.text_frame.text for s in cover.shapes if s.has_text_frame)
    assert "Document du 12 mai 2026" in text
    assert "Micro-entreprise — entreprise individuelle (EI)" in text
    # the graphic designer starts under the franchise on 1 March 2026 (306 days of 2026) and
    # loses it during December: seuil majoré of services 41 250 × 306 / 365 = 34 582,19 € for
    # the creation year, 31 380 € at the end of November, December's 6 420 € crosses it after
    # 3 202,19 € (0,499 × 31 days: the 16th). The cover says both, to the day
    liable = list(plan.forecast.turnover.vat_liable)
    assert not liable[0] and any(liable)
    assert "TVA non applicable, art. 293 B du CGI" in text
    assert "franchise en base jusqu'au 15/12/2026, TVA prévue à partir du 16/12/2026" in text
    _, bijoux = decks["bijoux"]
    bijoux_text = " ".join(s.text_frame.text for s in bijoux.slides[0].shapes if s.has_text_frame)
    assert "TVA non applicable, art. 293 B du CGI" in bijoux_text
    assert "TVA prévue" not in bijoux_text


def _assumptions(prs) -> list[list[str]]:
    rows = []
    for slide in prs.slides:
        for shape in _shapes(slide, "Hypothèses"):
            rows += [[c.text for c in r.cells] for r in list(shape.table.rows)[1:]]
    return rows


@pytest.mark.parametrize("name", ["graphiste", "bijoux", "huit offres"])
def test_assumptions_are_numbered_and_read_the_plan(decks, name):
    plan, prs = decks[name]
    rows = _assumptions(prs)
    assert [r[0] for r in rows] == [f"H{i}" for i in range(1, len(rows) + 1)]
    text = " ".join(r[2] for r in rows)
    for offer in plan.assumptions.offers:  # price × volume of year 1
        volume = sum(offer.quantities)
        shown = f"« {offer.name} » ({offer.kind}) : {formats.euros(offer.unit_price)} HT × "
        assert shown in text
        row = next(r for r in rows if r[2].startswith(shown))
        assert formats.parse(row[3]) == pytest.approx(offer.unit_price * volume, abs=0.5)
    for charge in plan.assumptions.charges:
        assert f"{charge.label} : {formats.euros(charge.monthly_amount)} par mois" in text
    for note in plan.forecast.notes:
        assert note in text


def test_assumptions_state_the_rates_applied():
    """Hand-checked: the 2026 BNC rate (25,6 %), halved under ACRE for an activity started on
    1 March 2026 until the end of the third quarter after the start one (31/12/2026); CFP of
    a liberal profession 0,2 %; versement libératoire BNC 2,2 %. For the jewellery maker
    (artisan, started 1 September 2026): sales 12,3 %, three quarters of it under ACRE from
    July 2026 (9,2 %) until 30/06/2027."""
    _, prs = _deck(example_data("graphiste"))
    text = " ".join(r[2] for r in _assumptions(prs))
    assert "Cotisations sociales : 25,6 % du chiffre d'affaires encaissé ; avec l'ACRE, 12,8 % " \
           "jusqu'au 31/12/2026" in text.replace("\u202f", " ")
    assert "(CFP) : 0,2 %" in text.replace("\u202f", " ")
    assert "versement libératoire de 2,2 %" in text.replace("\u202f", " ")
    assert "420 € par an" in text.replace("\u202f", " ")
    _, prs = _deck(example_data("bijoux"))
    text = " ".join(r[2] for r in _assumptions(prs)).replace("\u202f", " ")
    assert "Cotisations sociales (ventes) : 12,3 % du chiffre d'affaires encaissé ; avec " \
           "l'ACRE, 9,2 % jusqu'au 30/06/2027" in text
    assert "taux moyen du foyer de 3,0 %" in text


def test_financing_request_shows_the_loans_and_their_cover(decks):
    plan, prs = decks["graphiste"]
    titles = [_text(s, "Titre") for s in prs.slides]
    slide = prs.slides[titles.index("Demande de financement")]
    terms = next(s for s in slide.shapes if s.has_table and s.name == "Emprunts et prêts du plan")
    rows = {r.cells[0].text: [c.text for c in list(r.cells)[1:]] for r in terms.table.rows}
    assert rows["Emprunts et prêts du plan"] == ["Prêt bancaire matériel",
                                                 "Prêt d'honneur Initiative"]
    # 5 000 € at 4,5 % over 48 months, 3 of them interest only: 45 payments of
    # 5 000 × 0,00375 / (1 − 1,00375^−45) = 120,96 € (computed by hand)
    assert rows["Mensualité après différé"][0] == formats.euros(120.96)
    assert rows["Montant"] == [formats.euros(5000), formats.euros(4000)]
    assert rows["Dernière échéance"] == ["mars 2030", "mars 2029"]
    verdict = _text(slide, "Verdict")
    assert verdict == "Remboursements couverts par l'activité chaque année du plan"
    cover = plan.tables["couverture_emprunts"]
    assert all(v == "Couverts" for v in cover.line("verdict").values)


def test_uncovered_loans_are_said_in_coral():
    data = simple_plan(name="Prêt trop lourd")
    data["operations"] = {"drawings_monthly": 600}
    data["financing"] = {"loans": [{"label": "Prêt", "kind": "banque", "amount": 20000,
                                    "rate": 0.05, "months": 24}]}
    plan, prs = _deck(data, None)
    titles = [_text(s, "Titre") for s in prs.slides]
    slide = prs.slides[titles.index("Demande de financement")]
    band = next(s for s in slide.shapes if s.name == "Verdict")
    assert band.text_frame.text.startswith("Remboursements non couverts")
    fill = [s for s in slide.shapes if s.top == band.top and not s.has_text_frame or
            (s.top == band.top and s.name != "Verdict")]
    assert fill[0].fill.fore_color.rgb == CORAL
    verdicts = plan.tables["couverture_emprunts"].line("verdict").values
    assert verdicts[0].startswith("Manque ")


def test_the_software_to_do_list_never_reaches_the_bank(decks):
    for name, (plan, prs) in decks.items():
        text = " ".join(s.text_frame.text for slide in prs.slides for s in slide.shapes
                        if s.has_text_frame)
        titles = [_text(s, "Titre") for s in prs.slides]
        assert not any(t.startswith("Points d'attention") for t in titles)
        assert "Équilibrer le financement" not in text
        for alert in plan.alerts:
            if alert.severity != "info" or alert.code != "hypothese":
                assert alert.message not in text, (name, alert.code)


def test_a_negative_cash_low_point_is_never_shown_neutral():
    data = simple_plan(name="Trésorerie négative")
    data["investments"] = [{"label": "Camion", "amount": 20000, "month": 1, "years": 5}]
    plan, prs = _deck(data, {"sections": {"risques": "- Trésorerie tendue : apport."}},
                      risk=True)
    low = min(plan.tables["tresorerie"].line("tresorerie_fin").values)
    assert low < 0
    figures = prs.slides[2]
    card = next(s for s in _shapes(figures, "Chiffre") if s.text_frame.text ==
                formats.euros(low))
    run = card.text_frame.paragraphs[0].runs[0]
    assert run.font.color.rgb == CORAL
    label = next(s for s in _shapes(figures, "Libellé") if "Trésorerie la plus basse" in
                 s.text_frame.text)
    assert "découvert" in label.text_frame.text
    risks = next(s for s in prs.slides if _text(s, "Titre") == "Risques et parades")
    value = next(s for s in _shapes(risks, "Repère chiffre") if s.text_frame.text ==
                 formats.euros(low))
    assert value.text_frame.paragraphs[0].runs[0].font.color.rgb == CORAL
    for slide in prs.slides:  # the same figure anywhere else in a card or panel: coral too
        for shape in _shapes(slide, "Chiffre") + _shapes(slide, "Repère chiffre"):
            if re.fullmatch(r"−[\d\u202f]+\u202f€", shape.text_frame.text):
                assert shape.text_frame.paragraphs[0].runs[0].font.color.rgb != \
                    RGBColor(0x1F, 0x3A, 0x5F)

    # in the tables too (indicators, bilan, financing plan, scenarios, monthly annex): a cash
    # balance below zero in coral, every other figure of those lines in the table's ink
    cash_labels = {"Trésorerie en fin de mois", "Trésorerie en début de mois", "Trésorerie",
                   "Trésorerie en fin d'année", "Trésorerie en début d'année",
                   "Trésorerie la plus basse de l'année", "Trésorerie la plus basse"}
    seen = {True: 0, False: 0}
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in list(shape.table.rows)[1:]:
                cells = list(row.cells)
                if cells[0].text not in cash_labels:
                    continue
                for cell in cells[1:]:
                    negative = cell.text.startswith("−")
                    colour = cell.text_frame.paragraphs[0].runs[0].font.color.rgb
                    assert (colour == CORAL) == negative, (cells[0].text, cell.text)
                    seen[negative] += 1
    assert seen[True] >= 10 and seen[False] >= 10


FIGURE = re.compile(r"[−-]?\d[\d\u202f]*(,\d+)?(\u202f(€|%|jours|mois|fois))?")


@pytest.mark.parametrize("name", ["graphiste", "bijoux", "huit offres"])
def test_no_figure_is_cut_over_two_lines(decks, name):
    """« 106 381 € » on one line in its column, in every table (measured as the fit check
    measures: DejaVu Sans widths)."""
    from pptx.util import Emu
    from report.textfit import text_width
    _, prs = decks[name]
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            for row in list(table.rows)[1:]:
                for c, cell in enumerate(row.cells):
                    if not FIGURE.fullmatch(cell.text):
                        continue
                    run = cell.text_frame.paragraphs[0].runs[0]
                    inner = Emu(table.columns[c].width - cell.margin_left
                                - cell.margin_right).pt
                    assert text_width(cell.text, run.font.size.pt, bool(run.font.bold)) <= \
                        inner, (_text(slide, "Titre"), cell.text)
                    checked += 1
    assert checked > 500


def test_the_rules_annex_shows_the_business_law_and_counts_the_household_tax_rules(decks):
    plan, prs = decks["graphiste"]
    every = plan.tables["regles"].lines
    tax = [line for line in every if line.key.startswith(("ir.", "pas."))]
    assert tax  # the household's tax on Revenus du foyer is law applied: on the sheet
    annex = [s for s in prs.slides if _text(s, "Titre").startswith("Annexe — règles appliquées")]
    cells = {c.text_frame.text for s in annex for shape in s.shapes if shape.has_table
             for row in shape.table.rows for c in row.cells}
    assert {line.label for line in every if line not in tax} <= cells
    assert not {line.label for line in tax} & cells
    assert {HOUSEHOLD_TAX_LINE, f"{len(tax)} règles"} <= cells
