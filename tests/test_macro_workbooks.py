"""A macro workbook (.xlsm) stays one (issue 10.7): computing it, in place or into a copy, keeps
its VBA project byte for byte, its macro content type and the relationship to its project;
a workbook output always ends as its input does; a signed project is refused."""
from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from forecast.examples import example_data
from planae.cli import main
from workbook.jobs import build_example

MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


@pytest.fixture(scope="module")
def vba_project(tmp_path_factory) -> bytes:
    """A real VBA project: the add-in's."""
    from addin.build import build_addin
    xlam = build_addin(tmp_path_factory.mktemp("addin") / "planae.xlam")
    return zipfile.ZipFile(xlam).read("xl/vbaProject.bin")


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory):
    return build_example(example_data("bijoux"), tmp_path_factory.mktemp("ex") / "plan.xlsx")


def _as_macro_workbook(data: bytes, project: bytes, signature: bool = False) -> bytes:
    """The workbook `data` saved as Excel saves a macro workbook: the project part, its
    relationship, the macro content type (and, with `signature`, a signed project's parts)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(PLAIN_TYPE.encode(), MACRO_TYPE.encode()).replace(
                    b"<Default ", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/>'
                                  f'<Default '.encode(), 1)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                part = part.replace(b"</Relationships>", f'<Relationship Id="rIdVba" Type="'
                                    f'{VBA_REL}" Target="vbaProject.bin"/></Relationships>'
                                    .encode())
            zout.writestr(info, part)
        zout.writestr("xl/vbaProject.bin", project)
        if signature:
            zout.writestr("xl/vbaProjectSignature.bin", b"\x00" * 64)
    return out.getvalue()


@pytest.fixture()
def xlsm(xlsx, vba_project, tmp_path):
    path = tmp_path / "plan.xlsm"
    path.write_bytes(_as_macro_workbook(xlsx.read_bytes(), vba_project))
    return path


def _kind(path) -> tuple[str, bytes | None, list[str]]:
    """The workbook part's content type, the VBA project's bytes, the workbook's relationships
    to a VBA project — read from the file's own parts."""
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
        workbook = re.search(r'PartName="/xl/workbook.xml" ContentType="([^"]+)"', types)[1]
        rels = re.findall(r'<Relationship [^>]*>', z.read("xl/_rels/workbook.xml.rels").decode())
        project = z.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in z.namelist() else None
        if project is not None:
            assert f'Extension="bin" ContentType="{VBA_TYPE}"' in types
    return workbook, project, [r for r in rels if VBA_REL in r and "vbaProject.bin" in r]


def _computed(path) -> bool:
    bilan = openpyxl.load_workbook(path)["Bilan"]
    return any(isinstance(c.value, (int, float)) for row in bilan.iter_rows() for c in row)


@pytest.mark.parametrize("argv, written", [
    ([], "plan-calcule.xlsm"),
    (["-o", "copie.XLSM"], "copie.XLSM"),
    (["--in-place"], "plan.xlsm"),
])
def test_computing_a_macro_workbook_keeps_its_macros_and_its_kind(xlsm, vba_project, capsys,
                                                                  argv, written):
    original = xlsm.read_bytes()
    assert main(["compute", str(xlsm), *[str(xlsm.parent / a) if "." in a else a
                                         for a in argv]]) == 0
    out = xlsm.parent / written
    workbook, project, rels = _kind(out)
    assert (workbook, project, len(rels)) == (MACRO_TYPE, vba_project, 1)
    assert openpyxl.load_workbook(out, keep_vba=True).vba_archive is not None and _computed(out)
    if "--in-place" in argv:
        assert (xlsm.parent / "plan-sauvegarde.xlsm").read_bytes() == original
    else:
        assert xlsm.read_bytes() == original


def test_balance_risk_and_export_of_a_macro_workbook(xlsm, vba_project, capsys):
    original = xlsm.read_bytes()
    assert main(["balance", str(xlsm)]) == 0
    assert main(["risk", str(xlsm), "--draws", "100"]) == 0
    assert main(["export", str(xlsm), "--malgre-alertes"]) == 0
    for name in ("plan-equilibre.xlsm", "plan-risques.xlsm"):
        assert _kind(xlsm.parent / name)[:2] == (MACRO_TYPE, vba_project)
    assert zipfile.ZipFile(xlsm.parent / "plan - business plan.pptx").testzip() is None
    assert xlsm.read_bytes() == original


def test_a_plain_workbook_stays_plain(xlsx, tmp_path, capsys):
    assert main(["compute", str(xlsx), "-o", str(tmp_path / "x.xlsx")]) == 0
    assert _kind(tmp_path / "x.xlsx") == (PLAIN_TYPE, None, [])


@pytest.mark.parametrize("source, out, kind", [("plan.xlsm", "copie.xlsx", ".xlsm"),
                                               ("plan.xlsx", "copie.xlsm", ".xlsx")])
def test_a_workbook_output_must_end_as_its_input(xlsm, xlsx, capsys, source, out, kind):
    path = xlsm if source == "plan.xlsm" else xlsx
    for command in ("compute", "risk", "balance"):
        assert main([command, str(path), "-o", str(xlsm.parent / out)]) == 2
        err = capsys.readouterr().err
        assert f"« {out} » doit finir par {kind}, comme le classeur « {path.name} »" in err
    assert not (xlsm.parent / out).exists()


def test_a_signed_macro_project_is_refused_clearly(xlsx, vba_project, tmp_path, capsys):
    path = tmp_path / "signe.xlsm"
    path.write_bytes(_as_macro_workbook(xlsx.read_bytes(), vba_project, signature=True))
    assert main(["compute", str(path), "--in-place"]) == 4
    assert "« signe.xlsm » contient des macros signées : planae ne saurait pas garder leur " \
           "signature" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["signe.xlsm"]
