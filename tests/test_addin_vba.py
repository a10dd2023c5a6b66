"""The add-in's VBA in pyOpenVBA's headless Excel, with xlwings's own RunPython
(tests/vba_excel.py): what happens before Python is reached."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl.workbook.defined_name import DefinedName
from pyopenvba.exceptions import VBARuntimeError

from addin import build, ribbon
from addin.xlbook import XlBook
from test_addin_fake_excel import FakeExcel
from vba_excel import AddinExcel, argv

FROM_NOTHING = {"RibbonPlanae.NouveauPlan": "new_plan",
                "RibbonPlanae.ChargerExemple": "load_example"}
ON_A_PLAN = {"RibbonPlanae.Calculer": "Calculer", "RibbonPlanae.Verifier": "Vérifier",
             "RibbonPlanae.Equilibrer": "Équilibrer le financement",
             "RibbonPlanae.SimulerRisques": "Simuler les risques",
             "RibbonPlanae.ExporterPowerPoint": "Exporter PowerPoint",
             "RibbonPlanae.ExporterPDF": "Exporter PDF", "RibbonPlanae.Aide": "Aide"}


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build.build_addin(tmp_path_factory.mktemp("dist") / "planae.xlam")


def test_every_button_is_covered(xlam):
    actions = re.findall(r'onAction="([^"]+)"', build.CUSTOM_UI.read_text("utf-8"))
    assert sorted(actions) == sorted([*FROM_NOTHING, *ON_A_PLAN])


def test_xlwings_runpython_with_no_workbook_open_stops_on_error_91(xlam, monkeypatch):
    """What the guard is for: xlwings reads ActiveWorkbook before Python starts."""
    excel = AddinExcel(xlam, monkeypatch)
    excel.app.add_module('Public Sub Go()\n    RunPython "import addin.ribbon"\nEnd Sub\n',
                         name="Direct")
    with pytest.raises(VBARuntimeError, match="run-time error 91"):
        excel.app.run("Direct.Go")
    assert excel.started() == []


@pytest.mark.parametrize("action", ON_A_PLAN)
def test_with_no_workbook_open_a_button_on_a_plan_says_so_in_french(xlam, monkeypatch, action):
    excel = AddinExcel(xlam, monkeypatch)
    excel.click(action)
    assert excel.started() == [] and excel.workbooks() == []
    [(kind, prompt, title, style)] = excel.app.dialogs
    assert kind == "MsgBox" and title == f"planae — {ON_A_PLAN[action]}"
    assert prompt.startswith("Aucun classeur n'est ouvert : ouvrez d'abord un classeur planae")
    assert style == 48  # vbExclamation


@pytest.mark.parametrize("action", FROM_NOTHING)
def test_with_no_workbook_open_new_plan_and_example_reach_python(xlam, monkeypatch, action):
    excel = AddinExcel(xlam, monkeypatch)
    excel.click(action)
    assert excel.app.dialogs == []
    [(command, _, calling)] = excel.started()
    assert command == f"import addin.ribbon; addin.ribbon.{FROM_NOTHING[action]}()"
    [scratch] = excel.workbooks()
    assert calling == scratch.name
    assert excel.app.evaluate(f'ActiveWorkbook.Names("{ribbon.SCRATCH_NAME}").Visible') is False
    # a second click, the scratch still open: no second scratch
    excel.click(action)
    assert len(excel.started()) == 1 and len(excel.workbooks()) == 1


def _scratch_book():
    from openpyxl import Workbook
    wb = Workbook()
    wb.defined_names[ribbon.SCRATCH_NAME] = DefinedName(ribbon.SCRATCH_NAME, attr_text="TRUE")
    return wb


def test_python_closes_the_scratch_workbook_after_opening_the_new_one(tmp_path, monkeypatch):
    monkeypatch.setattr(ribbon, "documents_dir", lambda: tmp_path)
    fake = FakeExcel(_scratch_book())
    ribbon.new_plan(XlBook(fake.book))
    assert fake.opened == [str(tmp_path / "business-plan.xlsx")] and fake.closed
    fake = FakeExcel(_scratch_book())
    fake.answers = ["no", "no"]  # neither example: nothing opened, the scratch closed all the same
    ribbon.load_example(XlBook(fake.book))
    assert fake.opened == [] and fake.closed and len(fake.alerts) == 2


def test_the_example_questions_do_not_depend_on_the_button_labels(tmp_path, monkeypatch):
    """Excel for Mac labels the buttons « Yes »/« No »: each question must read well with any
    labels, so there is one question per example."""
    monkeypatch.setattr(ribbon, "documents_dir", lambda: tmp_path)
    for answers, opened in ((["yes"], "exemple-graphiste.xlsx"),
                            (["no", "yes"], "exemple-bijoux.xlsx")):
        fake = FakeExcel(_scratch_book())
        fake.answers = list(answers)
        ribbon.load_example(XlBook(fake.book))
        assert [p.split("/")[-1] for p in fake.opened] == [opened]
        for prompt, _, buttons, _ in fake.alerts:
            assert buttons == "yes_no" and prompt.endswith("?")
            assert "Oui" not in prompt and "Non" not in prompt


def test_the_formulas_help_is_registered_under_the_addins_name_and_leaves_it_saved(
        xlam, monkeypatch):
    """pyOpenVBA has no Application.MacroOptions: here it records its arguments and, as Excel
    does, marks the workbook that holds the macros as changed."""
    from pyopenvba.interpreter._objects import method
    from pyopenvba.interpreter._values import MISSING
    from addin.build import udf_functions
    excel = AddinExcel(xlam, monkeypatch, modules=("PlanaeHelp",))
    registered = {}

    class Recording(type(excel.app.application)):
        @method
        def MacroOptions(self, Macro=MISSING, Description=MISSING, HasMenu=MISSING,
                         MenuText=MISSING, HasShortcutKey=MISSING, ShortcutKey=MISSING,
                         Category=MISSING, StatusBar=MISSING, HelpContextID=MISSING,
                         HelpFile=MISSING, ArgumentDescriptions=MISSING):
            registered[Macro] = (Description, Category, ArgumentDescriptions.items)
            excel.addin.saved = False
    monkeypatch.setattr(excel.app.application, "__class__", Recording)
    excel.app.run("PlanaeHelp.RegisterHelp")
    functions = udf_functions()
    assert set(registered) == {f"planae.xlam!{name}" for name in functions}
    description, category, arguments = registered["planae.xlam!AE_COTISATIONS"]
    assert description.startswith("Cotisations sociales du micro-entrepreneur (en €)")
    assert category == "planae"
    assert arguments[0] == "Chiffre d'affaires HT encaissé dans l'année, en €."
    assert len(registered["planae.xlam!AE_BILAN"][2]) == 10  # udfs.TABLE_ARGS
    assert excel.addin.saved  # no « save the changes to planae.xlam? » when Excel closes


@pytest.mark.parametrize("mac", [False, True])
def test_on_a_mac_the_formulas_are_left_out(xlam, monkeypatch, mac):
    """xlwings's formulas load a Windows DLL: on a Mac the add-in defines none, so a formula
    cell shows #NOM? (which the Formules sheet's IFERROR turns into its explanation)."""
    from pyopenvba.exceptions import VBAError
    from pyopenvba.interpreter import _preprocess
    monkeypatch.setitem(_preprocess.DEFAULT_CONSTANTS, "Mac", mac)
    excel = AddinExcel(xlam, monkeypatch, modules=("xlwings_udfs",))
    excel.app.add_module('Public Function Go()\n    Go = AE_PLAFOND("bnc", 2026)\nEnd Function\n',
                         name="Cell")
    excel.app.add_workbook()
    with pytest.raises(VBAError) as failure:
        excel.app.run("Cell.Go")  # Windows: on to Application.Caller, which pyOpenVBA lacks
    undefined = "not defined: AE_PLAFOND" in str(failure.value)
    assert undefined == mac, failure.value


# -- the Python the add-in starts loads no pandas ------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
REPORT = ("import json, os, sys; print(json.dumps({'pandas': sys.modules.get('pandas') is not "
          "None, 'blas': os.environ.get('OPENBLAS_NUM_THREADS'), "
          "'loaded': sorted(m for m in ('xlwings', 'addin.ribbon', 'udfs', 'workbook.jobs', "
          "'report.export') if m in sys.modules)}))")


def _run(args: list[str]) -> dict:
    """`args` (an interpreter's arguments) run by this machine's Python."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, *args[1:]], capture_output=True, text=True,
                          env=dict(env, PYTHONPATH=str(ROOT)), timeout=120, check=True)
    return json.loads(done.stdout)


def _unguarded(code: str) -> str:
    return code.replace(build.START_GUARD, "", 1)


def test_the_python_a_button_starts_loads_no_pandas(xlam, monkeypatch):
    """The command line xlwings's ExecuteWindows hands to cmd.exe, run by a real Python, all
    but the button's own call (it needs Excel) whose imports it makes instead."""
    excel = AddinExcel(xlam, monkeypatch)
    excel.app.add_workbook()
    excel.click("RibbonPlanae.Calculer")
    [line] = excel.command_lines()
    args = argv(line)
    assert args[:3] == ["python", "-B", "-c"] and args[4:6] == ["--wb=Book1", "--from_xl=1"]
    code = args[3]
    assert code.startswith(build.START_GUARD + "import xlwings.utils;")
    assert code.endswith("; import addin.ribbon; addin.ribbon.compute()")
    args[3] = code.removesuffix("addin.ribbon.compute()") + \
        "import workbook.jobs, report.export; " + REPORT
    assert _run(args) == {"pandas": False, "blas": "1", "loaded": [
        "addin.ribbon", "report.export", "workbook.jobs", "xlwings"]}
    args[3] = _unguarded(args[3])  # what the guard is for: xlwings imports pandas
    assert _run(args)["pandas"] is True


def test_the_formula_server_loads_no_pandas(xlam, monkeypatch):
    """The command line XLPyCommand gives xlwings's DLL, which starts it with the server's
    CLSID: run by a real Python, with `import udfs` (what the first formula call imports)
    instead of starting the COM server, which needs Windows."""
    excel = AddinExcel(xlam, monkeypatch)
    excel.app.add_workbook()
    line = excel.app.run("xlwings.XLPyCommand")
    m = re.fullmatch(r'cmd\.exe  /K ""(?P<python>[^"]+)" -B -c "(?P<code>.*)""', line)
    assert m, line
    code = m["code"].replace('\\"', '"')
    assert code.startswith("import sys, os;" + build.START_GUARD + "import xlwings.utils;")
    assert code.endswith(";import xlwings; xlwings.serve('$(CLSID)')")
    code = code.removesuffix("xlwings.serve('$(CLSID)')") + "import udfs; " + REPORT
    assert _run([m["python"], "-B", "-c", code]) == {"pandas": False, "blas": "1",
                                                     "loaded": ["udfs", "xlwings"]}
    assert _run([m["python"], "-B", "-c", _unguarded(code)])["pandas"] is True
