"""Render a few slides of the bundled examples' decks to small PNGs for the README:
docs/slides/<example>-<nn>.png. Needs LibreOffice (soffice) and pdftoppm.

    python scripts/render_slides.py [--dpi 40]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecast.plan import build_plan  # noqa: E402
from forecast.examples import example_data  # noqa: E402
from report.deck import build_deck  # noqa: E402
from report.export import to_pdf  # noqa: E402

# the slides shown, by title (the first slide whose title starts with it)
PICKS = {
    "graphiste": ("", "Le projet en chiffres", "Analyse SWOT", "Compte de résultat prévisionnel",
                  "Plan de financement initial"),
    "bijoux": ("Chiffre d'affaires par offre",),
}


def _titles(prs) -> list[str]:
    return [next((s.text_frame.text for s in slide.shapes if s.name in ("Titre", "Projet")), "")
            for slide in prs.slides]


def render(name: str, picks: tuple[str, ...], out_dir: Path, dpi: int) -> list[Path]:
    data = example_data(name)
    prs = build_deck(build_plan(data), data["narrative"])
    titles = _titles(prs)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / f"{name}.pptx"
        prs.save(deck)
        pdf = to_pdf(deck, Path(tmp))
        for pick in picks:
            page = 1 if not pick else 1 + next(i for i, t in enumerate(titles)
                                               if t.startswith(pick))
            target = out_dir / f"{name}-{page:02d}"
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l",
                            str(page), "-singlefile", str(pdf), str(target)], check=True)
            written.append(target.with_suffix(".png"))
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=40)
    ap.add_argument("--out", default=str(ROOT / "docs" / "slides"))
    args = ap.parse_args()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.png"):
        old.unlink()
    for name, picks in PICKS.items():
        for path in render(name, picks, out_dir, args.dpi):
            print(f"écrit : {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
