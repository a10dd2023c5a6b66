"""The add-in's own VBA, run in pyOpenVBA's headless Excel: xlwings's real `xlwings` module as
the add-in carries it, the ribbon callbacks, the formulas' help.

What pyOpenVBA cannot do is replaced at the edge of the machine, nowhere else:
- the add-in is loaded as Excel loads one: it is ThisWorkbook, but neither in Workbooks nor
  ever the ActiveWorkbook (so with no workbook open, ActiveWorkbook is Nothing);
- `Environ` and `GetAttr` (which pyOpenVBA refuses: they read the machine) answer from a small
  model of the machine: a Windows user profile and no configuration file;
- `CreateObject("WScript.Shell")` gives a shell that expands nothing and starts nothing: its
  `Run` records the command line xlwings's `ExecuteWindows` would start (cmd.exe, the Python
  command line, the calling workbook as `--wb`) and answers 0, as a Python that succeeded;
- `Kill` of xlwings's log file (a file of the machine) deletes nothing;
- Excel's window handle (`Application.Hwnd`, which pyOpenVBA lacks) is a fixed number;
- a text compared with a Boolean reads as VBA reads it (« False » is False: xlwings compares
  its settings, texts, with True), which pyOpenVBA refuses.
Everything else of xlwings's RunPython, ExecuteWindows, XLPyCommand and GetConfig runs as
written.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from pyopenvba import ExcelFile
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.interpreter import _intrinsics, _values
from pyopenvba.interpreter._objects import member
from pyopenvba.interpreter._values import NOTHING, error

PROFILE = "C:\\Users\\Hélène"
ENVIRONMENT = {"USERPROFILE": PROFILE, "TEMP": PROFILE + "\\AppData\\Local\\Temp"}

PROBE = '''Public Started As String

Public Function TakeStarted() As String
    TakeStarted = Started
    Started = ""
End Function

Public Sub Forget(Path As String)
End Sub
'''

SHELL = '''Public Function ExpandEnvironmentStrings(Text)
    ExpandEnvironmentStrings = Text
End Function

Public Function Run(Command, Optional WindowStyle, Optional WaitOnReturn)
    Started = Started & Command & vbLf
    Run = 0
End Function
'''
HWND = 4242
# cmd.exe /C <interpreter> -B -c "<code>"  --wb="<workbook>" --from_xl=1 … 2> "<log>"
COMMAND_LINE = re.compile(r'cmd\.exe /C (?P<interpreter>.+?) -B -c "(?P<code>.*)"  '
                          r'--wb="(?P<workbook>[^"]*)" --from_xl=1 (?P<rest>.*) 2> "[^"]*" $')


def runnable(module: str) -> str:
    """A module as pyOpenVBA compiles it: VBA allows a comment after a `#If … Then` or `#Const`
    line, pyOpenVBA does not (only those comments are removed)."""
    return re.sub(r"(?m)^([ \t]*#[^'\r\n]*?)[ \t]*'[^\r\n]*", r"\1", module)


def with_probe(xlwings_module: str) -> str:
    """xlwings's module with the deletion of its log file (`Kill`) made harmless."""
    out, n = re.subn(r"(?m)^(\s*)Kill LOG_FILE$", r"\1Forget LOG_FILE", xlwings_module)
    assert n >= 1, "Kill LOG_FILE not found in xlwings's module"
    return out


def argv(command_line: str) -> list[str]:
    """The arguments the Python of a recorded command line receives (the C runtime reads
    `\\"` inside quotes as a quote, as the POSIX shell does), interpreter first."""
    m = COMMAND_LINE.fullmatch(command_line)
    assert m, command_line
    return shlex.split(f'{m["interpreter"]} -B -c "{m["code"]}" --wb="{m["workbook"]}" '
                       f'--from_xl=1 {m["rest"]}')


def _text_to_number(real):
    def read(text):
        if text.strip().lower() in ("true", "false"):
            return _values.VBAInt(-1 if text.strip().lower() == "true" else 0, "Integer")
        return real(text)
    return read


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
        monkeypatch.setattr(_values, "text_to_number", _text_to_number(_values.text_to_number))
        with ExcelFile(xlam) as wb:
            sources = {name: wb.get_module(name) for name in ("xlwings", *modules)}
        self.app = ExcelApplication.open(xlam, with_vba=False)
        application = self.app.application

        class WithWindow(type(application)):
            @member
            def Hwnd(self):
                return HWND
        monkeypatch.setattr(application, "__class__", WithWindow)
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

    def command_lines(self) -> list[str]:
        """The command line of each Python xlwings started since the last call."""
        return [l for l in self.app.run("Probe.TakeStarted").split("\n") if l]

    def started(self) -> list[tuple[str, str, str]]:
        """(the Python command RunPython was given, interpreter, calling workbook) of each
        Python xlwings started since the last call."""
        out = []
        for line in self.command_lines():
            interpreter, _, _, code, wb, *_ = argv(line)
            out.append((code.split("); ", 1)[1], interpreter, wb.removeprefix("--wb=")))
        return out

    def workbooks(self):
        return list(self.app.application.workbooks_.books)
