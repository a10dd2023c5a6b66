"""The add-in: built from text, integrity-checked, its VBA equal to the sources, every ribbon
callback asking for a Python function that exists and runs; the ribbon functions against
autospec'd xlwings objects give the same sheets as `planae compute`."""
from __future__ import annotations

import io
import sys
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
import xlwings as xw

from addin import build, ribbon
from addin.xlbook import XlBook, split_reference
from test_addin_fake_excel import FakeExcel
from vba_excel import AddinExcel


def _lines(source: str) -> list[str]:
    """Source lines as VBA stores them, without the Attribute header and trailing blanks."""
    lines = [l.rstrip() for l in source.replace("\r\n", "\n").split("\n")]
    lines = [l for l in lines if not l.startswith("Attribute VB_")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build.build_addin(tmp_path_factory.mktemp("dist") / "planae.xlam")


def test_integrity_check_passes(xlam):
    from pyopenvba import check_file
    report = check_file(xlam)
    assert report.complete and not report.issues, report


def test_no_binary_in_sources():
    files = [p for p in build.HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert not [p for p in files if p.suffix in (".xlam", ".xlsm", ".bin")]


def test_vba_read_back_equals_sources(xlam):
    from pyopenvba import ExcelFile
    expected = build.expected_modules()
    with ExcelFile(xlam) as wb:
        assert wb.validate() == []
        names = wb.module_names()
        assert build.TEMPLATE_RIBBON_MODULE not in names
        for name, source in expected.items():
            assert _lines(wb.get_module(name)) == _lines(source), name
        assert 'Public Const PROJECT_NAME As String = "planae"' in wb.get_module("xlwings")
        assert "PlanaeHelp.RegisterHelp" in wb.get_module("ThisWorkbook")


def test_olevba_reads_the_same_modules(xlam):
    from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(xlam))
    try:
        found = {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()
    for name, source in build.source_modules().items():
        code = found[name]
        code = code.decode("cp1252") if isinstance(code, bytes) else code
        assert _lines(code) == _lines(source)


def test_project_is_named_planae(xlam):
    import olefile
    from pyopenvba import ExcelFile
    with ExcelFile(xlam) as wb:
        assert wb.vba_project().name == "planae"
    with zipfile.ZipFile(xlam) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
        project = ole.openstream("PROJECT").read().decode("cp1252")
        assert re.search(r'(?m)^Name="planae"\r?$', project)
        workbook = z.read("xl/workbook.xml").decode()
        assert 'name="_planae.conf"' in workbook
        assert "planae" in z.read("docProps/core.xml").decode()


GUID = r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}"
PROJECT_GRAMMAR = re.compile(  # MS-OVBA 2.3.1, VBAPROJECTText
    rf'ID="{GUID}"\r\n'
    r"(?:(?:Document=\w+/&H[0-9A-F]{8}|Module=\w+|Class=\w+|BaseClass=\w+|Package=" + GUID +
    r')\r\n)*(?:HelpFile="[^"\r\n]*"\r\n)?(?:ExeName32="[^"\r\n]*"\r\n)?Name="\w+"\r\n'
    r'HelpContextID="\d+"\r\n(?:Description="[^"\r\n]*"\r\n)?'
    r'(?:VersionCompatible32="393222000"\r\n)?CMG="[0-9A-F]+"\r\nDPB="[0-9A-F]+"\r\n'
    r'GC="[0-9A-F]+"\r\n'
    rf"\r\n\[Host Extender Info\]\r\n(?:&H[0-9A-F]{{8}}={GUID};\w+;&H[0-9A-F]{{8}}\r\n)*"
    r"(?:\r\n\[Workspace\]\r\n"
    r"(?:\w+=\d+, \d+, \d+, \d+, [CZI]?(?:, \d+, \d+, \d+, \d+, [CZI]?)?\r\n)*)?")


def test_project_stream_follows_ms_ovba_strictly(xlam):
    import olefile
    from pyopenvba import ExcelFile
    with zipfile.ZipFile(xlam) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
        project = ole.openstream("PROJECT").read().decode("cp1252")
    assert PROJECT_GRAMMAR.fullmatch(project), project
    items = re.findall(r"(?m)^(?:Document|Module|Class)=(\w+)", project)
    with ExcelFile(xlam) as wb:
        assert sorted(items) == sorted(wb.module_names())
    # what the template gives pyOpenVBA to extend: a blank line inside [Workspace]
    assert build.strict_project(b"[Workspace]\r\nA=0, 0, 0, 0, C\r\n\r\nB=0, 0, 0, 0, C\r\n") == \
        b"\r\n[Workspace]\r\nA=0, 0, 0, 0, C\r\nB=0, 0, 0, 0, C\r\n"


def _on_actions(xlam) -> list[str]:
    with zipfile.ZipFile(xlam) as z:
        xml = z.read("customUI/customUI.xml").decode()
    assert xml == build.CUSTOM_UI.read_text("utf-8")
    return re.findall(r'onAction="([^"]+)"', xml)


def test_ribbon_buttons_and_subs(xlam):
    actions = _on_actions(xlam)
    labels = re.findall(r'<button [^>]*label="([^"]+)"', build.CUSTOM_UI.read_text("utf-8"))
    assert labels == ["Calculer", "Vérifier", "Équilibrer le financement",
                      "Simuler les risques", "Exporter PowerPoint", "Exporter PDF", "Charger un exemple",
                      "Nouveau plan", "Aide"]
    from pyopenvba import ExcelFile
    with ExcelFile(xlam) as wb:
        for action in actions:
            module, sub = action.split(".")
            code = wb.get_module(module)
            assert re.search(rf"(?m)^Public Sub {sub}\(control As IRibbonControl\)", code), action
    assert 'label="Business Plan"' in build.CUSTOM_UI.read_text("utf-8")


def _example_book(name: str = "graphiste"):
    from forecast.examples import example_data
    from workbook.template import build_workbook
    return build_workbook(example_data(name))


def test_every_ribbon_sub_runs_a_python_function_that_runs(xlam, monkeypatch, tmp_path):
    """Each onAction Sub, run in pyOpenVBA's headless Excel through xlwings's own RunPython
    (tests/vba_excel.py) with a workbook open, starts one Python command; that command runs
    against a fake calling workbook."""
    excel = AddinExcel(xlam, monkeypatch)
    excel.app.add_workbook()
    monkeypatch.setattr(ribbon, "documents_dir", lambda: tmp_path)
    source = _example_book()
    for action in _on_actions(xlam):
        excel.click(action)
        started = excel.started()
        assert len(started) == 1 and not excel.app.dialogs, (action, started)
        command, _, calling = started[0]
        assert calling == "Book1"
        m = re.fullmatch(r"import addin\.ribbon; addin\.ribbon\.(\w+)\(\)", command)
        assert m, command
        assert ribbon.BUTTONS[action.split(".")[1]] == m.group(1)
        fake = FakeExcel(source, str(tmp_path / f"{m.group(1)}.xlsx"))
        fake.answers = ["no", "yes"]  # Équilibrer: decline; Charger un exemple: bijoux
        monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: fake.book))
        exec(command, {})
        unexpected = [a for a in fake.alerts if "inattendue" in a[0]]
        assert not unexpected, (action, unexpected)
        assert fake.status and fake.status[-1] is False
        assert not fake.closed  # a workbook of the person's is never closed


def _compare_outputs(fake: FakeExcel, computed, sheets=None) -> None:
    from workbook import schema
    sheets = sheets or [s.name for s in schema.OUTPUT_SHEETS] + [schema.DASHBOARD]
    for name in sheets:
        ws = computed[name]
        want = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                if c.value is not None}
        got = {k: v for k, v in fake.cells[name].items() if v is not None}
        assert set(got) == set(want), name
        for key, value in want.items():
            other = got[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert other == pytest.approx(float(value)), (name, key)
            elif hasattr(value, "year"):
                assert other.date() == (value.date() if hasattr(value, "date") else value)
            else:
                assert other == value, (name, key)


@pytest.mark.parametrize("name", ["graphiste", "bijoux"])
def test_calculer_gives_the_sheets_of_planae_compute(name, tmp_path):
    from workbook.jobs import compute_file
    source = tmp_path / "in.xlsx"
    _example_book(name).save(source)
    out = compute_file(source, tmp_path / "out.xlsx")
    fake = FakeExcel(openpyxl.load_workbook(source))
    ribbon.compute(XlBook(fake.book))
    assert not [a for a in fake.alerts if a[3] == "critical"], fake.alerts
    _compare_outputs(fake, openpyxl.load_workbook(out))
    # a few range calls per sheet, never one per cell
    from workbook import schema
    sheets = len(schema.INPUT_SHEETS) + len(schema.OUTPUT_SHEETS) + 3
    calls = fake.reads + fake.writes + fake.clears
    print(f"{name}: {fake.reads} reads, {fake.writes} writes, {fake.clears} clears, "
          f"{sheets} sheets")
    assert calls <= 4 * sheets, (fake.reads, fake.writes, fake.clears)
    assert fake.active_sheet == schema.DASHBOARD
    # nothing written into the input sheets
    before = FakeExcel(openpyxl.load_workbook(source))
    for sheet in [s.name for s in schema.INPUT_SHEETS]:
        assert fake.cells[sheet] == before.cells[sheet]


@pytest.mark.parametrize("platform", ["win", "mac"])
def test_calculer_without_a_printer_fills_every_sheet_and_says_so(platform, monkeypatch,
                                                                   tmp_path):
    """Excel refuses PageSetup when no printer is installed: the page header is left, the
    computation is not stopped halfway."""
    from addin import xlbook
    from workbook.jobs import compute_file
    monkeypatch.setattr(xlbook, "MAC", platform == "mac")
    source = tmp_path / "in.xlsx"
    _example_book("bijoux").save(source)
    computed = openpyxl.load_workbook(compute_file(source, tmp_path / "out.xlsx"))
    fake = FakeExcel(openpyxl.load_workbook(source), platform=platform)
    fake.printer = False
    ribbon.compute(XlBook(fake.book))
    assert not [a for a in fake.alerts if a[3] == "critical"], fake.alerts
    _compare_outputs(fake, computed)
    prompt = fake.alerts[-1][0]
    assert prompt.startswith("Prévisionnel calculé") and "en-tête d'impression" in prompt
    assert fake.protected == {ws.title for ws in computed.worksheets if ws.protection.sheet}


def test_verifier_lists_problems_and_writes_nothing(tmp_path):
    wb = _example_book()
    wb["Offre"]["E8"] = "beaucoup"  # a price that is not a number
    fake = FakeExcel(wb)
    before = {k: dict(v) for k, v in fake.cells.items()}
    ribbon.check(XlBook(fake.book))
    assert fake.writes == fake.clears == 0 and fake.cells == before
    message = fake.alerts[-1][0]
    assert "Offre!" in message and "n'est pas un nombre" in message
    fake = FakeExcel(_example_book())
    ribbon.check(XlBook(fake.book))
    assert fake.alerts[-1][0].startswith("Aucune erreur")


def test_verifier_runs_no_table_alert_solver_nor_scenario(monkeypatch):
    import workbook.jobs as jobs
    for heavy in ("build_plan", "risk_report"):  # the whole plan (tables, alerts, solver)
        monkeypatch.setattr(jobs, heavy, lambda *a, **k: pytest.fail("calcul complet"))
    fake = FakeExcel(_example_book())
    ribbon.check(XlBook(fake.book))
    assert fake.alerts[-1][0].startswith("Aucune erreur")


def test_calculer_on_bad_input_says_so_in_french_and_writes_nothing():
    wb = _example_book()
    wb["Projet"]["C6"] = "plombier"
    fake = FakeExcel(wb)
    ribbon.compute(XlBook(fake.book))
    assert fake.writes == 0
    prompt, title, _, mode = fake.alerts[-1]
    assert mode == "critical" and "Hypothèses à corriger" in prompt and "Projet!C6" in prompt


def test_equilibrer_writes_only_after_confirmation():
    from forecast.assumptions import parse_assumptions
    from forecast.financing import financing_need
    from workbook import schema
    from workbook.openpyxl_book import OpenpyxlBook
    from workbook.reader import read_inputs
    fake = FakeExcel(_example_book())
    fake.answers = ["no"]
    before = {k: dict(v) for k, v in fake.cells.items()}
    ribbon.balance(XlBook(fake.book))
    assert fake.writes == 0 and fake.cells == before
    assert fake.alerts[-1][2] == "yes_no"  # the question asked
    wb = _example_book()
    wb["Financement"]["C5"] = 0  # no apport: the plan needs money
    data, locator = read_inputs(OpenpyxlBook(wb))
    need = financing_need(parse_assumptions(data))
    assert need.kind == "emprunt" and need.loan_index == 0 and need.amount > 0
    cell = locator.cell(("financing", "loans", 0, "amount"))  # Financement!D14
    fake = FakeExcel(wb)
    before = {k: dict(v) for k, v in fake.cells.items()}
    fake.answers = ["yes"]
    ribbon.balance(XlBook(fake.book))
    prompt, _, _, mode = fake.alerts[-1]
    assert mode != "critical" and prompt.startswith(need.message) and "recalculé" in prompt
    changed = {(s.name, key): fake.cells[s.name].get(key) for s in schema.INPUT_SHEETS
               for key in set(fake.cells[s.name]) | set(before[s.name])
               if fake.cells[s.name].get(key) != before[s.name].get(key)}
    sheet, _, ref = cell.partition("!")
    letter, row = coordinate_from_string(ref)
    assert changed == {(sheet, (row, column_index_from_string(letter))): need.amount}
    assert fake.protected == {ws.title for ws in wb.worksheets if ws.protection.sheet}


def test_load_example_and_new_plan_open_new_workbooks(tmp_path, monkeypatch):
    monkeypatch.setattr(ribbon, "documents_dir", lambda: tmp_path)
    fake = FakeExcel(_example_book())
    fake.answers = ["yes"]
    ribbon.load_example(XlBook(fake.book))
    ribbon.new_plan(XlBook(fake.book))
    assert [p.split("/")[-1] for p in fake.opened] == ["exemple-graphiste.xlsx",
                                                       "business-plan.xlsx"]
    assert fake.writes == 0
    ribbon.new_plan(XlBook(fake.book))
    assert fake.opened[-1].endswith("business-plan-2.xlsx")


def test_split_reference():
    assert split_reference("=Projet!$C$5") == ("Projet", "C5")
    assert split_reference("='Plan de financement'!$B$4:$E$20") == ("Plan de financement",
                                                                    "B4:E20")
    assert split_reference("=#REF!") == ("", "=#REF!")


def test_build_is_reproducible(xlam, tmp_path):
    again = build.build_addin(tmp_path / "planae.xlam")
    assert again.read_bytes() == xlam.read_bytes()


# -- what real Excel does that openpyxl does not: protection, typed strings, page headers --------

def _protected(wb) -> set[str]:
    return {ws.title for ws in wb.worksheets if ws.protection.sheet}


@pytest.mark.parametrize("platform", ["win", "mac"])
def test_calculer_unprotects_the_output_sheets_and_protects_them_again(platform, monkeypatch):
    from addin import xlbook
    from workbook import schema
    monkeypatch.setattr(xlbook, "MAC", platform == "mac")
    wb = _example_book()
    written = {s.name for s in (*schema.OUTPUT_SHEETS, *schema.RISK_SHEETS)} | {
        schema.DASHBOARD, schema.FLAGGED_SHEET}
    assert written <= _protected(wb)  # the template protects them
    fake = FakeExcel(wb, platform=platform)
    ribbon.compute(XlBook(fake.book))
    assert not [a for a in fake.alerts if a[3] == "critical"], fake.alerts
    assert fake.writes and fake.protected == _protected(wb)
    unprotected = [name for op, name in fake.protection_calls if op == "unprotect"]
    assert sorted(unprotected) == sorted(written)  # each once, only those written
    assert sorted(name for op, name in fake.protection_calls if op == "protect") == \
        sorted(written)


def test_the_fake_refuses_writes_to_a_protected_sheet():
    from test_addin_fake_excel import ComError
    fake = FakeExcel(_example_book())
    sheet = fake.book.sheets["Bilan"]
    with pytest.raises(ComError):
        sheet.range("B2").value = [["x"]]
    with pytest.raises(ComError):
        sheet.range("B2").clear_contents()
    sheet.api.Unprotect()
    sheet.range("B2").value = [["x"]]
    assert fake.cells["Bilan"][(2, 2)] == "x"


def test_protection_is_restored_even_when_the_job_fails(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    wb = _example_book()
    fake = FakeExcel(wb)

    def work(b: XlBook) -> None:
        b.clear_range("Bilan", "B2:C3")
        raise KeyError("Projet_Nom")
    ribbon._run("Calculer", work, XlBook(fake.book))
    prompt, _, _, mode = fake.alerts[-1]
    assert mode == "critical" and "KeyError" not in prompt and "Traceback" not in prompt
    assert prompt.startswith("Erreur inattendue : « Calculer » n'a pas pu terminer ; le classeur "
                             "n'a pas été enregistré. Les détails techniques sont dans « ")
    log = Path(prompt.split("« ")[2].split(" »")[0])
    assert log.parent == tmp_path / "planae"
    assert "KeyError: 'Projet_Nom'" in log.read_text("utf-8")  # the details are kept
    assert ("unprotect", "Bilan") in fake.protection_calls
    assert fake.protected == _protected(wb) and fake.status[-1] is False


def test_strings_are_written_as_text():
    labels = ["03/26", "mars 2026", "1/2", "1,5", "50 %", "VRAI", "= total", "- dont TVA",
              "'cité'", "Chiffre d'affaires"]
    fake = FakeExcel(_example_book())
    book = XlBook(fake.book)
    book.write_range("Bilan", "B40", [labels, [1.5, None, "", *labels[:7]]])
    assert book.read_range("Bilan", "B40:K41") == [labels, [1.5, None, None, *labels[:7]]]
    assert fake.writes == 1  # one call for the block


@pytest.mark.parametrize("platform", ["win", "mac"])
def test_page_header_is_the_one_planae_compute_writes(platform, monkeypatch, tmp_path):
    from addin import xlbook
    from workbook import schema
    from workbook.jobs import compute_file
    monkeypatch.setattr(xlbook, "MAC", platform == "mac")
    wb = _example_book("bijoux")
    wb["Projet"]["C5"] = "Perles & Co"
    source = tmp_path / "in.xlsx"
    wb.save(source)
    computed = openpyxl.load_workbook(compute_file(source, tmp_path / "out.xlsx"))
    blank = openpyxl.load_workbook(source)
    for ws in blank.worksheets:  # a header left from an older name
        if ws.oddHeader.left.text:
            ws.oddHeader.left.text = "ancien nom"
    fake = FakeExcel(blank, platform=platform)
    ribbon.compute(XlBook(fake.book))
    assert not [a for a in fake.alerts if a[3] == "critical"], fake.alerts
    sheets = [s.name for s in schema.OUTPUT_SHEETS] + [schema.DASHBOARD]
    for name in sheets:
        assert fake.headers[name] == str(computed[name].oddHeader.left) == "&9 Perles && Co"
    # computed again: the headers are right already, nothing to unprotect for them
    fake.protection_calls.clear()
    book = XlBook(fake.book)
    book.set_header("Bilan", "Perles & Co")
    assert fake.protection_calls == [] and book.unprotected == []


def test_a_button_whose_workbook_python_cannot_find_answers_in_french(monkeypatch):
    """Python is reached only with a workbook open (the ribbon's VBA sees to it,
    test_addin_vba.py), but the workbook named by RunPython may be gone by then (closed in the
    meantime, or open in another Excel): xlwings's Book.caller() raises KeyError."""
    from types import SimpleNamespace
    fake = FakeExcel(_example_book())

    def gone(cls):
        raise KeyError("plan.xlsx")
    monkeypatch.setattr(xw.Book, "caller", classmethod(gone))
    monkeypatch.setattr(xw, "apps", SimpleNamespace(active=fake.app))
    ribbon.compute()
    prompt, title, _, mode = fake.alerts[-1]
    assert mode == "critical" and title == "planae — Calculer"
    assert prompt.startswith("planae n'a pas trouvé le classeur actif")
    assert "KeyError" not in prompt and fake.writes == 0


def _blocking_book():
    """A workbook whose cash falls below zero: a blocking alert is left."""
    from plans import simple_plan
    from workbook.template import build_workbook
    data = simple_plan(name="Camion trop cher")
    data["investments"] = [{"label": "Camion", "amount": 20000, "month": 1, "years": 5}]
    return build_workbook(data)


def test_exporter_asks_before_exporting_a_plan_with_a_blocking_alert(tmp_path):
    fake = FakeExcel(_blocking_book(), str(tmp_path / "plan.xlsx"))
    fake.answers = ["no"]
    ribbon.export_pptx(XlBook(fake.book))
    prompt, _, buttons, mode = fake.alerts[-1]
    assert buttons == "yes_no" and mode == "critical"
    assert "alerte bloquante" in prompt and "Trésorerie sous le minimum" in prompt
    assert "Exporter quand même ?" in prompt
    assert not list(tmp_path.glob("*.pptx")) and len(fake.alerts) == 1
    fake.answers = ["yes"]
    ribbon.export_pptx(XlBook(fake.book))
    assert [p.name for p in tmp_path.glob("*.pptx")] == ["plan - business plan.pptx"]
    assert fake.alerts[-1][0].startswith("Fichier créé")
    fake = FakeExcel(_example_book(), str(tmp_path / "exemple.xlsx"))  # nothing blocking:
    ribbon.export_pptx(XlBook(fake.book))  # no question asked
    assert len(fake.alerts) == 1 and fake.alerts[0][0].startswith("Fichier créé")


def test_row_heights_are_set_by_runs_of_rows():
    fake = FakeExcel(_example_book())
    made = []
    real = fake._range

    def recording(sheet, ref):
        rng = real(sheet, ref)
        made.append((sheet, ref, rng))
        return rng
    fake._range = recording
    XlBook(fake.book).set_row_heights("Alertes", {5: 20.0, 6: 20.0, 7: 30.0, 9: 20.0})
    assert [(s, ref, rng.row_height) for s, ref, rng in made] == [
        ("Alertes", "A5:A6", 20.0), ("Alertes", "A7:A7", 30.0), ("Alertes", "A9:A9", 20.0)]
