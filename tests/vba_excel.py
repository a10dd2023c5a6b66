"""The add-in's own VBA, run in pyOpenVBA's headless Excel: xlwings's real `xlwings` module as
the add-in carries it, the ribbon callbacks, the formulas' help.

What pyOpenVBA cannot do is replaced at the edge of the machine, nowhere else:
- the add-in is loaded as Excel loads one: it is ThisWorkbook, but neither in Workbooks nor
  ever the ActiveWorkbook (so with no workbook open, ActiveWorkbook is Nothing);
- `Environ` and `GetAttr` (which pyOpenVBA refuses: they read the machine) answer from a small
  model of the machine: a Windows user profile and no configuration file;
- `CreateObject("WScript.Shell")` gives a shell that expands nothing and starts nothing;
- xlwings's `ExecuteWindows`, the function that starts Python (cmd.exe through WScript.Shell),
  is replaced by a probe that records what it would start: the Python command, the interpreter
  and the calling workbook it passes as `--wb` (read from ActiveWorkbook, as the real one does).
Everything else of xlwings's RunPython and GetConfig runs as written.
"""
from __future__ import annotations

import re
from pathlib import Path

from pyopenvba import ExcelFile
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.interpreter import _intrinsics
from pyopenvba.interpreter._values import NOTHING, error

PROFILE = "C:\\Users\\Hélène"
ENVIRONMENT = {"USERPROFILE": PROFILE, "TEMP": PROFILE + "\\AppData\\Local\\Temp"}

PROBE = '''Public Started As String

Public Function TakeStarted() As String
    TakeStarted = Started
    Started = ""
End Function
'''

EXECUTE_WINDOWS = '''Function ExecuteWindows(IsFrozen As Boolean, PythonCommand As String, PYTHON_WIN As String, _
                        Optional PYTHONPATH As String, Optional FrozenArgs As String) As Integer
    Started = Started & PythonCommand & "|" & PYTHON_WIN & "|" & ActiveWorkbook.Name & vbLf
End Function'''

SHELL = '''Public Function ExpandEnvironmentStrings(Text)
    ExpandEnvironmentStrings = Text
End Function
'''


def runnable(module: str) -> str:
    """A module as pyOpenVBA compiles it: VBA allows a comment after a `#If … Then` or `#Const`
    line, pyOpenVBA does not (only those comments are removed)."""
    return re.sub(r"(?m)^([ \t]*#[^'\r\n]*?)[ \t]*'[^\r\n]*", r"\1", module)


def with_probe(xlwings_module: str) -> str:
    """xlwings's module with ExecuteWindows (cmd.exe) replaced by the probe."""
    out, n = re.subn(r"(?ms)^Function ExecuteWindows\(.*?^End Function", EXECUTE_WINDOWS,
                     xlwings_module)
    assert n == 1, "ExecuteWindows not found in xlwings's module"
    return out


def _environ(interpreter, name):
    return ENVIRONMENT.get(str(name).upper(), "")


def _getattr(interpreter, path):
    raise error(53, "File not found")  # no configuration file anywhere


class AddinExcel:
    """A headless Excel with planae.xlam loaded as an add-in and no workbook open."""

    def __init__(self, xlam: Path, monkeypatch, modules: tuple[str, ...] = ("RibbonPlanae",)):
        for name, function, parameter in (("environ", _environ, "Expression"),
                                          ("getattr", _getattr, "PathName")):
            monkeypatch.setitem(_intrinsics.INTRINSICS, name, None)
            _intrinsics.intrinsic(name, parameter, minimum=1)(function)
        with ExcelFile(xlam) as wb:
            sources = {name: wb.get_module(name) for name in ("xlwings", *modules)}
        self.app = ExcelApplication.open(xlam, with_vba=False)
        application = self.app.application
        addin = application.active_book
        application.workbooks_.books.remove(addin)
        application.window_order[:] = [b for b in application.window_order if b is not addin]
        application.active_book = None
        self.addin = addin
        self.app.add_module(PROBE, name="Probe")
        self.app.add_module(SHELL, name="FakeShell", kind="class")
        real_create = self.app.interpreter.create_com

        def create(class_name: str):
            if class_name.lower() == "wscript.shell":
                return self.app.evaluate("New FakeShell")
            return real_create(class_name)
        monkeypatch.setattr(self.app.interpreter, "create_com", create)
        self.app.add_module(with_probe(runnable(sources.pop("xlwings"))), name="xlwings")
        for name, source in sources.items():
            self.app.add_module(runnable(source), name=name)

    def click(self, action: str) -> None:
        """Run a ribbon callback (`RibbonPlanae.Calculer`) as the ribbon does."""
        self.app.run(action, NOTHING)

    def started(self) -> list[tuple[str, str, str]]:
        """(Python command, interpreter, calling workbook) of each Python xlwings started."""
        lines = [l for l in self.app.run("Probe.TakeStarted").split("\n") if l]
        return [tuple(l.split("|")) for l in lines]

    def workbooks(self):
        return list(self.app.application.workbooks_.books)
