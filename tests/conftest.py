"""Hypothesis: derandomised in CI (CI=true), so a run there is repeatable; random locally."""
import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
