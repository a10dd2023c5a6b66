"""The written part and the PowerPoint / PDF export: figures read back from the deck equal the
engine's, nothing overflows, empty sections are left out, long texts continue."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import Workbook, load_workbook
from pptx import Presentation

from forecast.plan import build_plan
from planae import cli
from forecast.examples import example_data
from forecast.errors import PlanaeError
from report import formats
from workbook import narrative as narr
from report.deck import HOUSEHOLD_TAX_LINE, build_deck
from report.export import ExportError, export_book, export_file, export_plan
from report.textfit import overflows
from workbook.jobs import build_example, build_examples
from workbook.openpyxl_book import OpenpyxlBook
from forecast.errors import WorkbookError

EXAMPLES = ("graphiste", "bijoux")


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = {}
    for name in EXAMPLES:
        data = example_data(name)
        plan = build_plan(data)
        path = export_plan(plan, data["narrative"], "pptx",
                           tmp_path_factory.mktemp(name) / f"{name}.pptx")
        out[name] = (plan, data, Presentation(path))
    return out


class SheetBook:
    """The Book protocol over an openpyxl workbook, counting its calls (test double)."""

    def __init__(self, wb):
        self.wb, self.calls = wb, 0

    def defined_names(self):
        self.calls += 1
        out = {}
        for name, dn in self.wb.defined_names.items():
            (sheet, ref), = dn.destinations
            out[name] = (sheet, ref.replace("$", ""))
        return out

    def sheet_names(self):
        self.calls += 1
        return list(self.wb.sheetnames)

    def read_range(self, sheet, ref):
        self.calls += 1
        return [[c.value for c in row] for row in self.wb[sheet][ref]]


def slide_titles(prs) -> list[str]:
    return [next((s.text_frame.text for s in slide.shapes if s.name == "Titre"), "")
            for slide in prs.slides]


# --- the written part's sheets ------------------------------------------------------------

def test_sheets_round_trip_in_few_calls(tmp_path):
    source = example_data("graphiste")["narrative"]
    wb = Workbook()
    narr.write_sheets(wb, source)
    wb.save(tmp_path / "t.xlsx")
    book = SheetBook(load_workbook(tmp_path / "t.xlsx"))
    assert narr.read(book) == narr.normalized(source)
    assert book.calls <= 4  # names, sheets, then one range per sheet
    saved = load_workbook(tmp_path / "t.xlsx")
    ws = saved[narr.TEXT_SHEET]
    assert ws["C5"].value and ws["B5"].alignment.wrap_text  # guidance, wrapped input
    for sheet in (narr.TEXT_SHEET, narr.GRID_SHEET):  # yellow tab, as every input sheet
        assert saved[sheet].sheet_properties.tabColor.rgb == "00FFC000"


def test_every_field_has_a_name_guidance_and_example_text():
    names = [f.name for f in narr.FIELDS]
    assert len(names) == len(set(names))
    assert len(narr.SECTIONS) == 10 and len(narr.SWOT) == 4 and len(narr.BMC) == 9 \
        and len(narr.PESTEL) == 6
    for name in EXAMPLES:
        text = narr.normalized(example_data(name)["narrative"])
        for f in narr.FIELDS:
            assert f.guidance
            assert text[f.group].get(f.key), f"{name}: {f.group}.{f.key} vide"


def test_empty_template_reads_empty():
    wb = Workbook()
    narr.write_sheets(wb, None)
    assert narr.read(SheetBook(wb)) == narr.empty()


@pytest.fixture(scope="module")
def example_book(tmp_path_factory):
    return build_example(example_data("graphiste"),
                         tmp_path_factory.mktemp("classeur") / "graphiste.xlsx")


def _with_names(source, tmp_path, **names):
    """A copy of the workbook whose defined names are changed (None: deleted)."""
    from openpyxl.workbook.defined_name import DefinedName
    wb = load_workbook(source)
    for name, text in names.items():
        del wb.defined_names[name]
        if text is not None:
            wb.defined_names[name] = DefinedName(name, attr_text=text)
    path = tmp_path / "modifie.xlsx"
    wb.save(path)
    return path


def test_broken_written_part_names_are_a_french_error(example_book, tmp_path, capsys):
    # a deleted cell (Excel writes 'Sheet'!#REF!) and a deleted sheet (#REF!$B$5)
    path = _with_names(example_book, tmp_path,
                       redac_sections_marche="'Partie rédigée'!#REF!",
                       redac_swot_forces="#REF!$B$5")
    assert cli.main(["compute", str(path), "-o", str(tmp_path / "out.xlsx")]) == 4
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ValueError" not in err
    assert "« Présentation du marché » (Partie rédigée, feuille Partie rédigée)" in err
    assert "redac_sections_marche" in err and "« Forces » (Analyse SWOT" in err
    assert "Gestionnaire de noms" in err
    assert not (tmp_path / "out.xlsx").exists()
    with pytest.raises(WorkbookError, match="redac_swot_forces"):
        export_file(path, "pptx", tmp_path / "deck.pptx")


def test_written_part_name_on_a_missing_sheet_is_a_french_error(example_book, tmp_path):
    path = _with_names(example_book, tmp_path, redac_bmc_canaux="'Ancienne feuille'!$B$9")
    with pytest.raises(WorkbookError, match=r"« Canaux » .*Ancienne feuille!B9"):
        narr.read(OpenpyxlBook.load(path))


def test_deleted_written_part_name_leaves_the_part_out(example_book, tmp_path):
    path = _with_names(example_book, tmp_path, redac_sections_conclusion=None)
    text = narr.read(OpenpyxlBook.load(path))
    assert "conclusion" not in text["sections"] and text["sections"]["marche"]


# --- figures ---------------------------------------------------------------------------

def _close(text: str, value, style: str = "") -> bool:
    if isinstance(value, str) or value is None:
        return text == formats.cell(value, style)
    shown = formats.parse(text)
    return shown is not None and abs(shown - value * (100 if "%" in text else 1)) <= \
        (0.05 if "%" in text else 0.5)


ENGINE_TABLES_ONLY = ("Hypothèses",)  # tables of the deck that are not an engine table


def _table_of(plan, rows):
    """The engine table a deck table shows: by its title, else a part of the initial plan."""
    by_title = {t.title: t for t in plan.tables.values()}
    return by_title.get(rows[0][0], plan.tables["plan_de_financement_initial"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_table_figure_equals_the_engine(decks, name):
    plan, _, prs = decks[name]
    initial = plan.tables["plan_de_financement_initial"]
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_table or shape.name in ENGINE_TABLES_ONLY:
                continue
            rows = [[c.text for c in row.cells] for row in shape.table.rows]
            table = _table_of(plan, rows)
            labels = {line.label: line for line in table.lines}
            if table.key == "tresorerie":  # month columns: find them by position
                first = next(i for i, c in enumerate(table.columns) if
                             c.split()[-1] == rows[0][1].split()[-1] and
                             c[:3] == rows[0][1][:3])
                columns = range(first, first + len(rows[0]) - 1)
            elif table is initial:
                columns = range(1)
            else:
                columns = range(len(table.columns))
                assert list(rows[0][1:]) == list(table.columns)
            for row in rows[1:]:
                if table.key == "regles" and row[0] == HOUSEHOLD_TAX_LINE:
                    continue  # counts the rules the workbook lists (test_deck)
                if row[0].startswith("dont financé par prêt bancaire"):
                    bank = sum(l.amount for l in plan.assumptions.financing.loans
                               if l.kind == "banque")
                    assert _close(row[1], bank)
                    continue
                line = labels[row[0]]
                if line.style == "section":
                    continue
                for text, col in zip(row[1:], columns):
                    value = line.values[col] if col < len(line.values) else None
                    assert _close(text, value, line.style), (table.key, line.key, col, text, value)
                    checked += 1
    assert checked > 500


def _expected_series(plan) -> dict[str, dict[str, tuple]]:
    """Chart name -> series name -> values, from the engine's tables."""
    cr = plan.tables["compte_de_resultat"]
    ind = plan.tables["indicateurs"]
    offers = [l for l in cr.lines if l.key.startswith("ca_offre_")]
    names = [l.label.replace("dont ", "").strip() for l in offers]
    costs = {l.label: l.values for l in cr.lines[:[l.key for l in cr.lines].index("resultat")]
             if l.style != "total" and not l.label.startswith(" ")
             and l.key != "chiffre_affaires" and any(abs(v) > 0.005 for v in l.values)}
    cash = plan.tables["tresorerie"].line("tresorerie_fin").values
    return {
        "CA par offre": {n: l.values for n, l in zip(names, offers)},
        "CA mensuel année 1": {n: tuple(s[:12]) for n, s in
                               zip(names, plan.forecast.turnover.by_offer)},
        "Résultats": {"Chiffre d'affaires": cr.line("chiffre_affaires").values,
                      "EBE": cr.line("ebe").values, "Résultat": cr.line("resultat").values,
                      "Revenu disponible": cr.line("revenu_disponible").values},
        "Seuil de rentabilité": {"Chiffre d'affaires": ind.line("chiffre_affaires").values,
                                 "Seuil de rentabilité": ind.line("seuil_rentabilite").values},
        "Structure des charges": costs,
        "Trésorerie": {"Trésorerie en fin de mois": cash,
                       "Trésorerie de sécurité":
                           (plan.assumptions.project.minimum_cash,) * len(cash)},
    }


@pytest.mark.parametrize("name", EXAMPLES)
def test_charts_carry_the_engine_series(decks, name):
    plan, _, prs = decks[name]
    expected = _expected_series(plan)
    seen = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                series = {s.name: tuple(s.values) for s in shape.chart.plots[0].series}
                assert series.keys() == expected[shape.name].keys(), shape.name
                for key, values in series.items():
                    assert values == pytest.approx(expected[shape.name][key], abs=1e-6)
                seen[shape.name] = True
    assert seen.keys() == expected.keys()
    # the month by month chart adds up to the first year of the turnover by offer
    monthly = expected["CA mensuel année 1"]
    for key, values in expected["CA par offre"].items():
        assert sum(monthly[key]) == pytest.approx(values[0])


@pytest.mark.parametrize("name", EXAMPLES)
def test_key_figures_equal_the_engine(decks, name):
    plan, _, prs = decks[name]
    t = plan.tables
    slide = prs.slides[slide_titles(prs).index("Le projet en chiffres")]
    shown = [s.text_frame.text for s in slide.shapes if s.name == "Chiffre"]
    expected = [t["compte_de_resultat"].value("chiffre_affaires", 0),
                t["compte_de_resultat"].value("chiffre_affaires", 2),
                t["compte_de_resultat"].value("resultat", 0),
                t["indicateurs"].value("revenu_mensuel", 0),
                t["plan_de_financement_initial"].value("total_besoins", 0),
                sum(l.amount for l in plan.assumptions.financing.loans if l.kind == "banque"),
                min(t["tresorerie"].line("tresorerie_fin").values),
                t["indicateurs"].value("point_mort_mois", 0)]
    assert len(shown) == len(expected)
    for text, value in zip(shown, expected):
        assert _close(text, value), (text, value)


# --- layout --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", EXAMPLES)
def test_deck_size_and_no_overflow(decks, name):
    plan, data, prs = decks[name]
    assert overflows(prs) == []
    # README: with nothing written the deck has its fixed slides; each filled section or
    # diagram adds one (no text here is long enough to continue)
    bare = build_deck(plan, None)
    assert overflows(bare) == []
    text = narr.normalized(data["narrative"])
    filled = len(text["sections"]) + sum(bool(text[g]) for g in ("swot", "bmc", "pestel"))
    assert len(prs.slides) == len(bare.slides) + filled
    assert 20 <= len(prs.slides) <= 40
    titles = slide_titles(prs)
    for title in ("Analyse SWOT", "Business Model Canvas", "Analyse PESTEL",
                  "Hypothèses du prévisionnel", "Compte de résultat prévisionnel",
                  "Plan de financement initial", "Demande de financement",
                  "Remboursement et capacité de remboursement", "Indicateurs clés",
                  "Risques et parades", "Conclusion"):
        assert title in titles
    assert any(t.startswith("Annexe — plan de trésorerie") for t in titles)


def test_empty_sections_are_left_out():
    data = example_data("bijoux")
    plan = build_plan(data)
    partial = {"sections": {"marche": "Un marché local.", "risques": "  "},
               "swot": {"forces": ["Savoir-faire"]}}
    prs = build_deck(plan, partial)
    titles = slide_titles(prs)
    assert "Présentation du marché" in titles and "Analyse SWOT" in titles
    for absent in ("Risques et parades", "Conclusion", "Business Model Canvas",
                   "Analyse PESTEL", "Proposition de valeur"):
        assert absent not in titles
    text = " ".join(s.text_frame.text for slide in prs.slides for s in slide.shapes
                    if s.has_text_frame)
    assert "None" not in text and "à compléter" not in text.lower()
    assert overflows(prs) == []
    bare = build_deck(plan, None)
    assert overflows(bare) == [] and "Analyse SWOT" not in slide_titles(bare)


def test_long_texts_continue_on_further_slides():
    plan = build_plan(example_data("graphiste"))
    sentence = "Cette phrase décrit un point du marché avec assez de mots pour remplir une ligne. "
    long_text = "\n\n".join(sentence * 6 for _ in range(12))
    many = [f"Point numéro {i} de la liste, formulé en une phrase assez longue" for i in range(40)]
    prs = build_deck(plan, {"sections": {"marche": long_text}, "swot": {"forces": many}})
    titles = slide_titles(prs)
    assert titles.count("Présentation du marché (suite)") >= 2
    assert "Analyse SWOT (suite)" in titles
    assert overflows(prs) == []
    words = [s.text_frame.text for i, slide in enumerate(prs.slides) for s in slide.shapes
             if s.name == "Texte" and titles[i].startswith("Présentation du marché")]
    assert " ".join(" ".join(words).split()) == " ".join(long_text.split())


# --- PDF -------------------------------------------------------------------------------------

@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice (soffice) ou pdftotext absent")
def test_pdf_renders_with_the_key_figures(tmp_path):
    data = example_data("bijoux")
    plan = build_plan(data)
    pdf = export_plan(plan, data["narrative"], "pdf", tmp_path / "bijoux.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = text.replace("\u202f", " ").replace("\u00a0", " ")
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout \
        if shutil.which("pdfinfo") else ""
    if pages:
        count = int(next(l for l in pages.splitlines() if l.startswith("Pages:")).split()[1])
        assert count == len(build_deck(plan, data["narrative"]).slides)
    t = plan.tables
    for value in (t["compte_de_resultat"].value("chiffre_affaires", 0),
                  t["compte_de_resultat"].value("resultat", 2),
                  t["plan_de_financement_initial"].value("total_besoins", 0),
                  t["bilan"].value("total_actif", 2)):
        assert formats.euros(value).replace("\u202f", " ") in flat
    assert "Analyse SWOT" in flat and "Business Model Canvas" in flat


def test_pdf_without_libreoffice_says_so_in_french(tmp_path, monkeypatch):
    import report.export as export
    monkeypatch.setattr(export, "soffice", lambda: None)
    plan = build_plan(example_data("graphiste"))
    with pytest.raises(ExportError, match="LibreOffice n'est pas installé"):
        export_plan(plan, None, "pdf", tmp_path / "x.pdf")
    with pytest.raises(ExportError, match="Format inconnu"):
        export_plan(plan, None, "docx", tmp_path / "x.docx")


def test_pdf_export_looks_libreoffice_up_once_with_its_own_advice(tmp_path, monkeypatch):
    """One lookup of LibreOffice per conversion; missing, the PDF export says what to do
    instead, a failed conversion is named as the PDF export's."""
    import report.export as export
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"")
    looked = []
    monkeypatch.setattr(export, "soffice", lambda: looked.append(1) or None)
    with pytest.raises(ExportError) as missing:
        export.to_pdf(deck, tmp_path)
    assert str(missing.value) == (
        "Export PDF impossible : LibreOffice n'est pas installé sur cet ordinateur. Installez "
        "LibreOffice (gratuit, libreoffice.org), ou exportez en PowerPoint (--format pptx) "
        "puis enregistrez le fichier en PDF depuis PowerPoint.")
    with pytest.raises(ExportError) as direct:  # a sheet rendered by convert itself
        export.convert(deck, "pdf", tmp_path)
    assert str(direct.value) == "LibreOffice n'est pas installé sur cet ordinateur."
    looked.clear()
    monkeypatch.setattr(export, "soffice", lambda: looked.append(1) or "soffice")
    monkeypatch.setattr(export.subprocess, "run", lambda args, **kw: subprocess.CompletedProcess(
        args, 1, "", "Error: source file could not be loaded"))
    with pytest.raises(ExportError) as failed:
        export.to_pdf(deck, tmp_path)
    assert str(failed.value) == ("Export PDF : la conversion par LibreOffice a échoué. Error: "
                                 "source file could not be loaded")
    assert looked == [1]


def test_export_file_from_a_workbook(tmp_path):
    built = [p for p in build_examples(tmp_path) if p.suffix == ".xlsx"]
    before = built[0].read_bytes()
    out = export_file(built[0], "pptx", tmp_path / "deck.pptx")
    prs = Presentation(out)
    data = example_data("graphiste")
    from forecast.assumptions import parse_assumptions
    from forecast.risk_inputs import RiskInputs
    from forecast.risk_report import risk_report
    risk = risk_report(parse_assumptions(data), RiskInputs(), simulated=True, draws=100)
    expected = build_deck(build_plan(data), data["narrative"], risk=risk)
    assert len(prs.slides) == len(expected.slides) and overflows(prs) == []
    assert built[0].read_bytes() == before


def test_export_file_opens_the_workbook_as_compute_does(tmp_path, monkeypatch):
    import workbook.jobs as jobs
    opened = []
    real = jobs.open_workbook
    monkeypatch.setattr(jobs, "open_workbook", lambda path, data=None, **options: (
        opened.append((path, options)) or real(path, data, **options)))
    built = build_example(example_data("bijoux"), tmp_path / "bijoux.xlsx")
    export_file(built, "pptx", tmp_path / "deck.pptx")
    # the sheets computing fills are not loaded; the workbook is never saved: not patched
    assert opened == [(built, {"inputs_only": True, "patched": False})]
    text = tmp_path / "notes.txt"
    text.write_text("pas un classeur")
    corrupt = tmp_path / "abime.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 ce fichier a ete tronque")
    for bad in (text, corrupt, tmp_path / "absent.xlsx"):
        with pytest.raises(PlanaeError) as by_export:
            export_file(bad, "pptx", tmp_path / "x.pptx")
        with pytest.raises(PlanaeError) as by_compute:
            real(bad)
        assert type(by_export.value) is type(by_compute.value)
        assert str(by_export.value) == str(by_compute.value) and bad.name in str(by_export.value)
    assert not (tmp_path / "x.pptx").exists()


def test_export_file_reads_the_written_part_once_and_writes_no_output(tmp_path, monkeypatch):
    import workbook.jobs as jobs
    import workbook.narrative as narrative
    built = build_example(example_data("bijoux"), tmp_path / "bijoux.xlsx")
    reads, real = [], narrative.read
    monkeypatch.setattr(narrative, "read", lambda book: reads.append(book) or real(book))
    for writer in ("write_outputs", "write_risk"):  # into a workbook no one will see
        monkeypatch.setattr(jobs, writer, lambda *a: pytest.fail("sorties écrites"))
    assert export_file(built, "pptx", tmp_path / "deck.pptx").exists()
    assert len(reads) == 1


def test_an_export_must_end_as_its_format(tmp_path, capsys):
    """A deck named as the other format is refused (exit 2, the file named) and nothing is
    written: no deck, no temporary file."""
    built = build_example(example_data("bijoux"), tmp_path / "bijoux.xlsx")
    for fmt, out in (("pptx", "deck.pdf"), ("pdf", "deck.PPTX")):
        assert cli.main(["export", str(built), "--format", fmt, "-o", str(tmp_path / out)]) == 2
        assert f"Le fichier {fmt.upper()} (-o) « {out} » doit finir par .{fmt} (--format " \
               f"{fmt})." in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bijoux.xlsx"]


def test_export_book_defaults_beside_the_workbook(tmp_path):
    class Saved:  # what xlwings gives the ribbon: a book whose fullname is its file
        def __init__(self, path):
            self.fullname = str(path)

    built = [p for p in build_examples(tmp_path) if p.suffix == ".xlsx"][0]
    book = OpenpyxlBook.load(built)
    book.book = Saved(built)
    out = export_book(book, "pptx")
    assert out == built.with_name(built.stem + " - business plan.pptx") and out.exists()


def test_export_with_a_blocking_alert_needs_an_explicit_flag(tmp_path, capsys):
    from plans import simple_plan
    data = simple_plan(name="Camion trop cher")
    data["investments"] = [{"label": "Camion", "amount": 20000, "month": 1, "years": 5}]
    built = build_example(data, tmp_path / "camion.xlsx")
    plan = build_plan(data)
    blocking = [a for a in plan.alerts if a.severity == "bloquant"]
    assert blocking
    out = tmp_path / "deck.pptx"
    assert cli.main(["export", str(built), "-o", str(out)]) == 6
    err = capsys.readouterr().err
    assert "Export refusé" in err and "--malgre-alertes" in err and "Traceback" not in err
    for alert in blocking:
        assert alert.message in err
    assert not out.exists()
    assert cli.main(["export", str(built), "-o", str(out), "--malgre-alertes"]) == 0
    assert out.exists()
    asked = []
    book = OpenpyxlBook.load(built)
    assert export_book(book, "pptx", tmp_path / "non.pptx",
                       confirm=lambda message: asked.append(message) or False) is None
    assert not (tmp_path / "non.pptx").exists() and "alerte bloquante" in asked[0]
