"""Build dist/planae.xlam from text sources: no binary is kept in the repository.

Start: xlwings's ribbon add-in template (quickstart_addin_ribbon.xlam, BSD-3, inside the
installed xlwings package). Then, with pyOpenVBA:
- the template's `RibbonMyAddin` module is replaced by `addin/vba/*.bas` (the ribbon callbacks);
- `xlwings_udfs` is generated with xlwings's own generator (`xlwings.udfs.generate_vba_wrapper`)
  from the `udfs` module, so the custom formulas work without « Import Functions »;
- `PlanaeHelp` (generated from the same docstrings) registers each formula's French help with
  Application.MacroOptions when the add-in opens (`ThisWorkbook.Workbook_Open`), since the
  generator does not; on a Mac, where xlwings's formulas cannot run, they are left out;
- the xlwings module's PROJECT_NAME becomes "planae" (its config file ~/.planae/planae.conf);
- the two Python command lines it builds on Windows (RunPython's, for the buttons, and the
  formula server's) start with `START_GUARD`: xlwings imports pandas when it is installed
  (planae requires it, for the CSV export) and nothing a click or a formula runs uses it; and
  numpy starts with one BLAS thread.
Then, part by part in the package: the ribbon (customUI/customUI.xml from addin/customUI.xml),
the VBA project's name (PROJECTNAME record of VBA/dir, Name= of PROJECT: pyOpenVBA has no API
for it; the PROJECT stream rewritten in MS-OVBA's strict syntax), the template's inactive
config sheet renamed `_planae.conf`, the add-in's title.
The zip is written with fixed timestamps: the same sources give the same bytes.
"""
from __future__ import annotations

import importlib
import io
import re
import struct
import sys
import tempfile
import types
import zipfile
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
VBA_DIR = HERE / "vba"
CUSTOM_UI = HERE / "customUI.xml"
PROJECT_NAME = "planae"
UDF_MODULE = "udfs"
UDF_VBA_MODULE = "xlwings_udfs"
HELP_VBA_MODULE = "PlanaeHelp"
TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
TEMPLATE_CONF_SHEET = "_myaddin.conf"
CONF_SHEET = f"_{PROJECT_NAME}.conf"
TITLE = "planae — Business Plan"
# Placed before `import xlwings.utils` in the add-in's Python command lines: `import pandas`
# then fails at once, and xlwings, which imports it optionally, goes on without it; numpy,
# which xlwings imports, starts one BLAS thread instead of one per core, busy at start-up and
# of no use on 36 months (as planae's own command does).
START_GUARD = ("import sys,os;sys.modules['pandas']=None;"
               "os.environ.setdefault('OPENBLAS_NUM_THREADS','1');")
PYTHON_START = "import xlwings.utils;xlwings.utils.prepare_sys_path("
CODE_PAGE = "cp1252"

THIS_WORKBOOK_CODE = f"""Option Explicit

Private Sub Workbook_Open()
    ' The French help of the custom formulas (Insert Function dialog), on Windows where they
    ' exist.
    #If Not Mac Then
        On Error Resume Next
        {HELP_VBA_MODULE}.RegisterHelp
    #End If
End Sub
"""


def template_path() -> Path:
    import xlwings
    return Path(xlwings.__file__).resolve().parent / "quickstart_addin_ribbon.xlam"


def source_modules() -> dict[str, str]:
    """The VBA modules kept as text in addin/vba, by module name."""
    out = {}
    for path in sorted(VBA_DIR.glob("*.bas")):
        out[path.stem] = path.read_text("utf-8").replace("\r\n", "\n")
    return out


# -- UDF wrappers: xlwings's generator, on any OS ----------------------------------------------

@contextmanager
def _windows_stubs():
    """xlwings.udfs imports pythoncom, pywintypes and win32com at load time: stub them (and
    restore sys.modules after), and point xw.func/arg/ret at the recording decorators."""
    import xlwings as xw
    names = ("pythoncom", "pywintypes", "win32com", "win32com.client", "xlwings.udfs",
             UDF_MODULE)
    saved = {n: sys.modules.get(n) for n in names}
    saved_decorators = (xw.func, xw.arg, xw.ret)
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None
    win32com.client = client
    sys.modules.update({"pythoncom": pythoncom, "pywintypes": pywintypes,
                        "win32com": win32com, "win32com.client": client})
    sys.modules.pop("xlwings.udfs", None)
    sys.modules.pop(UDF_MODULE, None)
    try:
        xl_udfs = importlib.import_module("xlwings.udfs")
        xw.func, xw.arg, xw.ret = xl_udfs.xlfunc, xl_udfs.xlarg, xl_udfs.xlret
        module = importlib.import_module(UDF_MODULE)
        yield xl_udfs, module
    finally:
        xw.func, xw.arg, xw.ret = saved_decorators
        for name, mod in saved.items():
            if mod is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = mod


class _AddinWorkbook:
    """What the generator reads of the target workbook: its name (an add-in's wrappers pass
    ActiveWorkbook rather than ThisWorkbook)."""
    Name = f"{PROJECT_NAME}.xlam"


def udf_functions() -> dict[str, dict]:
    """The `__xlfunc__` metadata of every custom formula, by name."""
    with _windows_stubs() as (_, module):
        return {getattr(module, n).__xlfunc__["name"]: getattr(module, n).__xlfunc__
                for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__")}


def udf_wrapper_source() -> str:
    """The `xlwings_udfs` module, as xlwings's « Import Functions » writes it."""
    buffer = io.StringIO()
    with _windows_stubs() as (xl_udfs, module):
        buffer.write(f'Attribute VB_Name = "{UDF_VBA_MODULE}"\n')
        buffer.write("'Autogenerated code by xlwings - changes will be lost with next import!\n")
        buffer.write('#Const App = "Microsoft Excel" \'Adjust when using outside of Excel\n')
        buffer.write("' planae: xlwings's formulas load a Windows DLL. On a Mac they are left out, "
                     "so a cell\n' shows #NOM? (the Formules sheet explains it) rather than a "
                     "VBA error text.\n#If Not Mac Then\n")
        xl_udfs.generate_vba_wrapper(UDF_MODULE, module, buffer, _AddinWorkbook())
        buffer.write("#End If\n")
    return buffer.getvalue().replace("\r\n", "\n")


def guarded_xlwings_module(xlwings_module: str) -> str:
    """xlwings's VBA module as planae's add-in carries it: its project name is planae's, and
    the Python it starts on Windows loads no pandas."""
    patched, n = re.subn(r'(?m)^Public Const PROJECT_NAME As String = "[^"]*"',
                         f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
                         xlwings_module)
    if n != 1:
        raise ValueError("PROJECT_NAME not found in the template's xlwings module")
    if patched.count(PYTHON_START) != 2:  # ExecuteWindows (RunPython), XLPyCommand (formulas)
        raise ValueError("xlwings's two Python command lines not found in its module")
    return patched.replace(PYTHON_START, START_GUARD + PYTHON_START)


def _vba_string(text: str, limit: int = 255) -> str:
    text = " ".join(str(text).split())[:limit]
    text = text.encode(CODE_PAGE, errors="replace").decode(CODE_PAGE)
    return '"' + text.replace('"', '""') + '"'


def help_source() -> str:
    """`PlanaeHelp.RegisterHelp`: Application.MacroOptions for every formula, from the
    docstrings and the `@xw.arg(doc=…)` texts. Each name is qualified by the add-in's (the
    functions live in it, not in the active workbook); registering marks the add-in as changed,
    which it is not: it is marked saved again, so Excel never asks to save it."""
    lines = [f'Attribute VB_Name = "{HELP_VBA_MODULE}"',
             "' Generated by addin/build.py from the docstrings of the udfs module.",
             "Option Explicit", "", "Public Sub RegisterHelp()", "    Dim Addin As String",
             '    Addin = ThisWorkbook.Name & "!"', "    On Error Resume Next"]
    for name, xlfunc in sorted(udf_functions().items()):
        args = [a for a in xlfunc["args"] if not a["vba"] and a["name"] != "caller"]
        docs = ", ".join(_vba_string(a["doc"]) for a in args)
        lines.append(f'    Application.MacroOptions Macro:=Addin & "{name}", '
                     f'Description:={_vba_string(xlfunc["ret"]["doc"])}, '
                     f'Category:={_vba_string(xlfunc["category"])}, '
                     f"ArgumentDescriptions:=Array({docs})")
    lines += ["    ThisWorkbook.Saved = True", "End Sub", ""]
    return "\n".join(lines)


def expected_modules() -> dict[str, str]:
    """Every module the add-in must hold that planae writes (the others are the template's)."""
    return {**source_modules(), UDF_VBA_MODULE: udf_wrapper_source(),
            HELP_VBA_MODULE: help_source()}


# -- the VBA project's name ---------------------------------------------------------------------

def _patch_dir_name(raw: bytes, name: str) -> bytes:
    """The decompressed VBA/dir stream with its PROJECTNAME record (id 0x0004) replaced. The
    records before it (SYSKIND, COMPATVERSION, LCID, LCIDINVOKE, CODEPAGE) are plain
    id/size/data records."""
    pos = 0
    while pos + 6 <= len(raw):
        rid, size = struct.unpack_from("<HI", raw, pos)
        if rid == 0x0004:
            data = name.encode(CODE_PAGE)
            return raw[:pos] + struct.pack("<HI", rid, len(data)) + data + raw[pos + 6 + size:]
        if rid not in (0x0001, 0x004A, 0x0002, 0x0014, 0x0003):
            break
        pos += 6 + size
    raise ValueError("PROJECTNAME record not found in VBA/dir")


def rename_vba_project(vba_bin: bytes, name: str) -> bytes:
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import compress, decompress
    cfb = CFB.from_bytes(vba_bin)
    raw = decompress(cfb.get_stream_in_storage("VBA", "dir"))
    cfb.write_stream_in_storage("VBA", "dir", compress(_patch_dir_name(raw, name)))
    project = cfb.get_stream("PROJECT")
    patched, n = re.subn(rb'(?m)^Name="[^"\r\n]*"', b'Name="' + name.encode(CODE_PAGE) + b'"',
                         project)
    if n != 1:
        raise ValueError("Name= line not found in the PROJECT stream")
    cfb.write_stream("PROJECT", strict_project(patched))
    return cfb.to_bytes()


def strict_project(project: bytes) -> bytes:
    """The PROJECT stream as MS-OVBA's grammar writes it (§2.3.1): the properties, then each
    section (`[Host Extender Info]`, `[Workspace]`) after one blank line, one record a line
    ending in CRLF, no blank line inside a section nor at the end. (pyOpenVBA appends the window
    records of added modules after the template's final blank line.)"""
    lines = [line for line in project.split(b"\r\n") if line.strip()]
    out = b""
    for line in lines:
        out += (b"\r\n" if line.startswith(b"[") else b"") + line + b"\r\n"
    return out


# -- the package ----------------------------------------------------------------------------------

def _core_xml(content: bytes) -> bytes:
    content = re.sub(rb"<dc:title\s*/>|<dc:title>[^<]*</dc:title>",
                     f"<dc:title>{TITLE}</dc:title>".encode(), content)
    content = re.sub(rb"<dc:description\s*/>|<dc:description>[^<]*</dc:description>",
                     "<dc:description>Business plan de micro-entreprise : ruban et formules "
                     "planae.</dc:description>".encode(), content)
    content = re.sub(rb"<dc:creator>[^<]*</dc:creator>", b"<dc:creator>planae</dc:creator>",
                     content)
    return re.sub(rb"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>",
                  b"<cp:lastModifiedBy>planae</cp:lastModifiedBy>", content)


def _repackage(src: Path, dest: Path) -> None:
    custom_ui = CUSTOM_UI.read_bytes()
    with zipfile.ZipFile(src) as zin:
        parts = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    parts["customUI/customUI.xml"] = custom_ui
    parts["xl/vbaProject.bin"] = rename_vba_project(parts["xl/vbaProject.bin"], PROJECT_NAME)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        f'name="{TEMPLATE_CONF_SHEET}"'.encode(), f'name="{CONF_SHEET}"'.encode())
    parts["xl/workbook.xml"] = re.sub(rb'<x15ac:absPath url="[^"]*"', b'<x15ac:absPath url=""',
                                      parts["xl/workbook.xml"])
    parts["docProps/core.xml"] = _core_xml(parts["docProps/core.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(dest)


def build_addin(path: Path | str) -> Path:
    """Write the add-in to `path` (dist/planae.xlam) and return it."""
    from pyopenvba import ExcelFile
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    modules = expected_modules()
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / f"{PROJECT_NAME}.xlam"
        with ExcelFile(template_path()) as wb:
            project = wb.vba_project()
            project.delete_module(TEMPLATE_RIBBON_MODULE)
            wb.set_module("xlwings", guarded_xlwings_module(wb.get_module("xlwings")))
            this_workbook = wb.get_module("ThisWorkbook")
            wb.set_module("ThisWorkbook", this_workbook.rstrip("\n") + "\n" + THIS_WORKBOOK_CODE)
            for name, source in modules.items():
                project.add_module(name, source)
            wb.save(staged)
        _repackage(staged, path)
    return path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = build_addin(Path(argv[0]) if argv else Path("dist") / f"{PROJECT_NAME}.xlam")
    print(f"écrit : {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
