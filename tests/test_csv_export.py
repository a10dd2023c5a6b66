"""`planae compute --csv DOSSIER`: one CSV file per output table that Excel opens right on a
French computer, read back here with Python's own csv module (not pandas, which wrote them)."""
from __future__ import annotations

import codecs
import csv
import errno
import os
import re

import pytest

from forecast.examples import example_data
from forecast.tables import Line, make_table
from planae.cli import main
from workbook.csv_tables import csv_files
from workbook.files import write_files
from workbook.jobs import build_example, compute_all
from workbook.openpyxl_book import OpenpyxlBook

NUMBER = re.compile(r"-?\d+(,\d+)?")  # a decimal comma, no thousands separator


def _read(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # without it Excel reads UTF-8 as Windows-1252
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def _expected(value) -> str:
    """A cell as a French Excel must receive it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "{:.15g}".format(value).replace(".", ",")
    return f"'{value}" if str(value)[:1] in "=+-@" and value != "" else str(value)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("csv")
    data = example_data("bijoux")
    data["offers"][0]["name"] = "=HYPERLINK(\"http://x\";\"Bagues\")"  # typed by a person
    xlsx = build_example(data, tmp / "bijoux.xlsx")
    folder = tmp / "tableaux"
    assert main(["compute", str(xlsx), "-o", str(tmp / "out.xlsx"), "--csv", str(folder)]) == 0
    return folder, compute_all(OpenpyxlBook.load(xlsx)).tables()


def test_one_file_per_output_table(exported):
    folder, tables = exported
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.csv" for k in tables)
    assert {"compte_de_resultat", "tresorerie", "bilan", "plan_de_financement", "alertes",
            "scenarios"} <= set(tables)


def test_each_file_reads_back_as_its_table(exported):
    folder, tables = exported
    for key, table in tables.items():
        rows = _read(folder / f"{key}.csv")
        expected = table.rows(rounded=True)
        assert len(rows) == len(expected), key
        for got, want in zip(rows, expected):
            assert got == [_expected(v) for v in want], key
            assert all(NUMBER.fullmatch(g) for g, w in zip(got, want) if isinstance(w, float))


def test_french_headers_decimal_comma_and_no_formula(exported):
    folder, _ = exported
    header, first, *rest = _read(folder / "compte_de_resultat.csv")
    assert header[0] == "Compte de résultat prévisionnel" and header[1].startswith("Année 1")
    assert first[0] == "Chiffre d'affaires HT"
    [offer] = [r[0] for r in rest if "HYPERLINK" in r[0]]  # « dont <offer> »: not first
    assert offer == '  dont =HYPERLINK("http://x";"Bagues")'
    rates = next(r for r in _read(folder / "indicateurs.csv") if r[0] == "Taux de marge brute")
    assert all(re.fullmatch(r"0,\d+", v) for v in rates[1:])


def test_texts_with_separators_quotes_and_formula_starts_are_kept(tmp_path):
    table = make_table("t", "Titre ; « guillemets »", ["=A1", "B"], [
        Line("a", "- une ligne", ("+33 6 12", 1234.5)),
        Line("b", 'texte "cité"; avec point-virgule', (-0.045, None), "percent"),
        Line("c", "Mélange", ("@moi", 2.0), "text")])
    files = csv_files({"t": table}, tmp_path)
    write_files(files)
    [path] = files
    assert path.name == "t.csv"
    assert _read(path) == [["Titre ; « guillemets »", "'=A1", "B"],
                           ["'- une ligne", "'+33 6 12", "1234,5"],
                           ['texte "cité"; avec point-virgule', "-0,045", ""],
                           ["Mélange", "'@moi", "2"]]


def test_a_file_where_the_folder_should_be_is_refused_in_french(tmp_path, capsys):
    (tmp_path / "tableaux").write_text("x")
    xlsx = build_example(example_data("graphiste"), tmp_path / "g.xlsx")
    assert main(["compute", str(xlsx), "--csv", str(tmp_path / "tableaux")]) != 0
    assert "est un fichier : --csv attend un dossier" in capsys.readouterr().err
    assert not (tmp_path / "g-calcule.xlsx").exists()


def test_the_csv_files_are_written_with_the_other_outputs_or_none_is(tmp_path, capsys,
                                                                   monkeypatch):
    """One write for the workbook, the JSON and the CSV files: a CSV file that cannot be
    written (a full disk) leaves no computed workbook, no JSON and no CSV file."""
    import pandas as pd
    xlsx = build_example(example_data("graphiste"), tmp_path / "g.xlsx")
    folder = tmp_path / "tableaux"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    assert main(["compute", str(xlsx), "--json", str(tmp_path / "g.json"),
                 "--csv", str(folder)]) == 5
    assert capsys.readouterr().err == (
        f"Erreur : Impossible d'écrire « {folder / 'compte_de_resultat.csv'} » (disque plein) "
        f": choisissez un autre fichier ou dossier.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.xlsx", "tableaux"]
    assert list(folder.iterdir()) == []


def test_a_csv_file_is_compared_with_the_input_and_the_other_outputs(tmp_path, capsys):
    """Named after the tables, the CSV files are compared with the workbook read and the other
    outputs once computed, before anything is written."""
    xlsx = build_example(example_data("graphiste"), tmp_path / "g.xlsx")
    folder = tmp_path / "tableaux"
    folder.mkdir()
    json_path = folder / "bilan.csv"
    assert main(["compute", str(xlsx), "--json", str(json_path), "--csv", str(folder)]) == 5
    assert capsys.readouterr().err == (
        f"Erreur : Le fichier JSON (--json) et le tableau bilan en CSV (--csv) seraient le "
        f"même fichier « {json_path} » : choisissez deux noms différents.\n")
    (folder / "bfr.csv").symlink_to(xlsx)
    before = xlsx.read_bytes()
    assert main(["compute", str(xlsx), "--csv", str(folder)]) == 5
    assert capsys.readouterr().err == (
        f"Erreur : Refusé : le tableau bfr en CSV (--csv) « {folder / 'bfr.csv'} » serait écrit "
        f"sur le classeur à calculer « {xlsx} ». planae n'écrit jamais sur un fichier qu'il "
        f"lit : choisissez un autre nom de fichier.\n")
    assert xlsx.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.xlsx", "tableaux"]
    assert [p.name for p in folder.iterdir()] == ["bfr.csv"]
