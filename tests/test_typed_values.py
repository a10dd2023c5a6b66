"""Values as a person types them (issues 10.6 and 10.8): French thousands separators, huge and
non-finite numbers refused in French words, what the message shows is what the person sees,
and nothing non-finite or no Python warning gets out."""
import json
import math
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from forecast import fields as spec
from forecast.assumptions import InvalidAssumptions, parse_assumptions
from forecast.plan import build_plan
from plans import example

ROOT = Path(__file__).resolve().parents[1]


def _problem(data, path) -> str:
    with pytest.raises(InvalidAssumptions) as caught:
        parse_assumptions(data)
    found = {p.path: str(p) for p in caught.value.problems}
    return found[path]


@pytest.mark.parametrize("typed", ["1 800 €", "1\u202f800\u202f€", "1\u00a0800 €", "1'800",
                                   "1\u2019800 €", "1800,00", "1\u202f800,00\u00a0€"])
def test_french_thousands_separators_are_read(typed):
    data = example("graphiste")
    data["offers"][0]["unit_price"] = typed
    assert parse_assumptions(data).offers[0].unit_price == 1800


@pytest.mark.parametrize("typed", [math.inf, -math.inf, math.nan, "inf", "NaN", "1e400"])
def test_a_non_finite_number_is_refused_in_words(typed):
    data = example("graphiste")
    data["offers"][0]["unit_price"] = typed
    assert _problem(data, ("offers", 0, "unit_price")) == \
        "Offre n° 1 — Prix unitaire HT : valeur non finie : saisissez un nombre."


@pytest.mark.parametrize("path, value, expected", [
    (("offers", 0, "quantities", 3), 1e15,
     "Offre n° 1 — Quantité du mois 4 : doit être au plus 10\u202f000\u202f000 "
     "(saisi : 1E+15)."),
    (("offers", 0, "unit_price"), 1.7e308, "Offre n° 1 — Prix unitaire HT : doit être au plus "
     "1\u202f000\u202f000\u202f€ (saisi : 1,7E+308\u202f€)."),
    (("project", "opening_cash"), 1e7 + 1, "Projet — Trésorerie de départ (hors apport) : doit être "
     "au plus 10\u202f000\u202f000\u202f€ (saisi : 10\u202f000\u202f001\u202f€)."),
])
def test_amounts_and_quantities_have_a_ceiling(path, value, expected):
    data = example("graphiste")
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    assert _problem(data, path) == expected


def _specs():
    from forecast.risk_inputs import SETTINGS
    groups = [v for v in vars(spec).values() if isinstance(v, dict)
              and v and all(isinstance(s, spec.Spec) for s in v.values())]
    return [s for g in groups for s in g.values()] + [spec.QUANTITY, spec.COEFFICIENT,
                                                      *SETTINGS]


def test_every_number_declared_has_a_ceiling():
    numbers = [s for s in _specs() if s.kind in spec.NUMBER_KINDS]
    assert len(numbers) > 60
    assert [s.label for s in numbers if not (s.hi is not None and math.isfinite(s.hi))] == []


def test_edited_thresholds_have_a_ceiling_too():
    from forecast.alerts import parse_benchmarks
    from forecast.financers import parse_financers
    _, problems = parse_benchmarks([{"key": "ca_annuel", "low": 1e9, "high": 2e9}])
    assert [p.message for p in problems] == [
        "doit être au plus 10\u202f000\u202f000\u202f€ (saisi : 1\u202f000\u202f000\u202f000\u202f€).",
        "doit être au plus 10\u202f000\u202f000\u202f€ (saisi : 2\u202f000\u202f000\u202f000\u202f€)."]
    _, problems = parse_financers([{"key": "adie_montant", "value": 1e9},
                                   {"key": "adie_montant", "value": math.inf}])
    assert [p.message for p in problems] == [
        "doit être au plus 10\u202f000\u202f000\u202f€ (saisi : 1\u202f000\u202f000\u202f000\u202f€).",
        "valeur non finie : saisissez un nombre."]


def test_a_logical_value_is_shown_as_excel_shows_it():
    data = example("graphiste")
    data["offers"][0]["unit_price"] = True
    data["offers"][1]["unit_cost"] = False
    data["offers"][2]["kind"] = True
    data["project"]["start_date"] = 2.5
    with pytest.raises(InvalidAssumptions) as caught:
        parse_assumptions(data)
    assert [str(p) for p in caught.value.problems] == [
        "Projet — Date de début d'activité : « 2,5 » n'est pas une date (jj/mm/aaaa).",
        "Offre n° 1 — Prix unitaire HT : « VRAI » n'est pas un nombre.",
        "Offre n° 2 — Coût direct unitaire : « FAUX » n'est pas un nombre.",
        "Offre n° 3 — Type : « VRAI » n'est pas une valeur permise (vente ou service)."]


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_an_empty_required_date_says_it_is_required(empty):
    data = example("graphiste")
    data["project"]["start_date"] = empty
    assert _problem(data, ("project", "start_date")) == \
        "Projet — Date de début d'activité : valeur obligatoire manquante."


def _at_the_bounds(name: str, high: bool) -> dict:
    """An example with every amount, quantity and rate at its ceiling (or floor)."""
    d = example(name)
    for o in d["offers"]:
        o.pop("seasonality", None), o.pop("annual_volume", None)
        o.update(unit_price=spec.MAX_PRICE * high, unit_cost=spec.MAX_PRICE * high,
                 quantities=[spec.MAX_QUANTITY * high] * 12, growth_y2=5 if high else -1,
                 growth_y3=5 if high else -1, payment_days=180 * high)
    for c in d["charges"]:
        c["monthly_amount"] = spec.MAX_PRICE * high
    d["project"].update(opening_cash=spec.MAX_AMOUNT * high, minimum_cash=spec.MAX_AMOUNT * high)
    d["operations"] = {"initial_stock": spec.MAX_AMOUNT * high, "stock_days": 365 * high,
                       "supplier_days": 120 * high, "drawings_monthly": spec.MAX_PRICE * high}
    d["financing"]["apport"] = spec.MAX_AMOUNT * high
    for loan in d["financing"]["loans"]:
        loan.update(amount=spec.MAX_AMOUNT * high, rate=0.25 * high, months=360,
                    deferral=359 * high)
    return d


@pytest.mark.parametrize("name", ["graphiste", "bijoux"])
@pytest.mark.parametrize("high", [True, False])
def test_a_plan_at_the_bounds_gives_finite_figures_and_no_warning(name, high):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning fails the test
        plan = build_plan(_at_the_bounds(name, high))
        text = json.dumps(plan.to_json(), allow_nan=False)
    offers = len(plan.assumptions.offers)
    # 12 months of 10 000 000 units at 1 000 000 € each, by offer (or nothing at the floor)
    assert json.loads(text)["compte_de_resultat"][0]["chiffre_affaires"] == \
        offers * 12 * 1e13 * high
    assert "NaN" not in text and "Infinity" not in text


NOISY = """
import sys, warnings
import forecast.plan
from planae import cli
build = forecast.plan.build_plan
def noisy(*args, **kwargs):
    warnings.warn("divide by zero encountered in divide", RuntimeWarning)
    return build(*args, **kwargs)
forecast.plan.build_plan = noisy
sys.exit(cli.main(sys.argv[1:]))
"""


def test_no_python_warning_reaches_a_person_at_the_command_line(tmp_path):
    """A warning raised while computing (here planted in the plan's build) is not printed."""
    out = tmp_path / "b.json"
    done = subprocess.run([sys.executable, "-W", "default", "-c", NOISY, "example", "bijoux",
                           "--json", str(out)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(out.read_text("utf-8"))["bilan"]
