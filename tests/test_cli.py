"""The `planae` command as a person meets it."""
from __future__ import annotations

import sys

import pytest

from planae.build import build_all


def test_build_fails_loudly_when_the_addin_cannot_be_built(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "addin.build", None)  # what a missing dependency does
    with pytest.raises(ImportError):
        build_all(tmp_path)
    assert not (tmp_path / "planae.xlsx").exists()  # nothing half-built
