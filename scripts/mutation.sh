#!/usr/bin/env bash
# Mutation testing of the engine (forecast/), a scheduled check, not part of the test run:
# mutmut changes the engine one small thing at a time (a sign, a comparison, a constant) and
# runs the engine's fast tests (pyproject.toml, [tool.mutmut]) against each change; a mutant
# the tests let pass "survives". Needs: pip install -e ".[test,mutation]".
#   scripts/mutation.sh                       every module of forecast/ (a day on two cores)
#   scripts/mutation.sh "forecast.schedule*"  one module, every mutant
#   scripts/mutation.sh --sample N [MODULE…]  N mutants drawn from each module (the same ones
#                                             every run: seed $SEED), the core modules by
#                                             default; prints the score by module. With
#                                             MINUTES=M, mutants stop being run after M
#                                             minutes (those not run are counted apart)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p mutants/tests
CORE=(engine statements financing schedule timeline lending alerts checks plan micro vat
      thresholds cfe)
if [ "${1:-}" = "--sample" ]; then
  n=$2; shift 2
  modules=("$@"); [ ${#modules[@]} -gt 0 ] || modules=("${CORE[@]}")
  # mutmut makes every mutant and maps tests to functions, then stops: no mutant named yet
  mutmut run "forecast.none-yet" > /dev/null 2>&1 || true
  mapfile -t names < <(python scripts/mutation_sample.py pick "$n" "${SEED:-16}" "${modules[@]}")
  budget=(); [ -z "${MINUTES:-}" ] || budget=(timeout "${MINUTES}m")
  "${budget[@]}" mutmut run "${names[@]}" || true
  python scripts/mutation_sample.py score "${names[@]}"
  exit
fi
mutmut run "$@" || true
mutmut results
