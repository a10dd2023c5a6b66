#!/usr/bin/env bash
# Mutation testing of the engine (forecast/), a scheduled check, not part of the test run:
# mutmut changes the engine one small thing at a time (a sign, a comparison, a constant) and
# runs the engine's fast tests (pyproject.toml, [tool.mutmut]) against each change; a mutant
# the tests let pass "survives". Needs: pip install -e ".[test,mutation]".
#   scripts/mutation.sh                       every module of forecast/ (hours on two cores)
#   scripts/mutation.sh "forecast.schedule*"  one module
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p mutants/tests
mutmut run "$@" || true
mutmut results
