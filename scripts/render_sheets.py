"""Render the main sheets of a computed example to PNG for the README (docs/images/).

    python scripts/render_sheets.py [--example graphiste] [--out docs/images] [-r 70]

The example is built and computed without Excel, converted to PDF by LibreOffice headless (with
a French locale profile, so amounts show French digit grouping), and the first page of each main
sheet is turned into a PNG by pdftoppm. Pages are matched to sheets by the sheet name printed in
each page header.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report.export import convert  # noqa: E402

# sheet name -> picture file name
SHEETS = {
    "Tableau de bord": "tableau-de-bord",
    "Compte de résultat": "compte-de-resultat",
    "Trésorerie": "tresorerie",
    "Bilan": "bilan",
    "Plan de financement": "plan-de-financement",
    "Indicateurs": "indicateurs",
    "Alertes": "alertes",
    "Projet": "saisie-projet",
    "Porteur de projet": "saisie-porteur",
    "Revenus du foyer": "revenus-du-foyer",
}

def to_pdf(xlsx: Path, outdir: Path) -> Path:
    """The workbook converted to PDF by LibreOffice, in the French locale."""
    return convert(xlsx, "pdf", outdir, french=True)


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


def first_pages(pdf: Path, sheets) -> dict[str, int]:
    """Sheet -> first page (1-based) whose header names it."""
    found: dict[str, int] = {}
    for number, text in enumerate(page_texts(pdf), start=1):
        head = text.strip().splitlines()[0] if text.strip() else ""
        for sheet in sheets:
            if sheet not in found and head.rstrip().endswith(sheet):
                found[sheet] = number
    return found


def render(xlsx: Path, out: Path, resolution: int = 70, sheets=SHEETS) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = to_pdf(xlsx, Path(tmp))
        pages = first_pages(pdf, sheets)
        written = []
        for sheet, stem in sheets.items():
            if sheet not in pages:
                print(f"page introuvable pour la feuille « {sheet} »", file=sys.stderr)
                continue
            n = pages[sheet]
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(n), "-l",
                            str(n), "-singlefile", str(pdf), str(out / stem)], check=True)
            written.append(out / f"{stem}.png")
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--example", default="graphiste")
    ap.add_argument("--workbook", help="un classeur déjà calculé (sinon l'exemple est construit)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "images"))
    ap.add_argument("-r", "--resolution", type=int, default=70)
    args = ap.parse_args(argv)
    from forecast.examples import example_data
    from workbook.jobs import build_example
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(args.workbook) if args.workbook else build_example(
            example_data(args.example), Path(tmp) / f"exemple-{args.example}.xlsx")
        for path in render(xlsx, Path(args.out), args.resolution):
            print(f"écrit : {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
