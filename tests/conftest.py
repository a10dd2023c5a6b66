"""In CI (CI set): hypothesis derandomised, so a run is repeatable, and a skipped test fails the
run, since CI installs every tool the tests need (LibreOffice, poppler, node). Locally, tests
needing a missing tool are skipped and say why."""
import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI : {len(skipped)} test(s) ignoré(s) — en CI, tout doit tourner.",
                            red=True)
        session.exitstatus = 1
