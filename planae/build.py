"""What `python build.py` and `planae build` make in dist/: the template, the computed
examples, the add-in."""
from __future__ import annotations

from pathlib import Path


def build_all(dist: Path) -> list[Path]:
    from addin.build import build_addin  # a missing dependency fails the build, loudly
    from workbook.jobs import build_examples, build_template
    dist.mkdir(parents=True, exist_ok=True)
    written = [build_template(dist / "planae.xlsx")]
    written += build_examples(dist)
    written.append(build_addin(dist / "planae.xlam"))
    return written
