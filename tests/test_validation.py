"""Bad input: one French message per problem, all at once, nothing computed from it."""
import pytest

from forecast.assumptions import InvalidAssumptions, parse_assumptions
from planae.cli import main
from plans import example


def problems_of(data) -> dict:
    with pytest.raises(InvalidAssumptions) as caught:
        parse_assumptions(data)
    return {p.path: str(p) for p in caught.value.problems}


def test_every_problem_is_listed_at_once_in_french():
    data = example("graphiste")
    data["offers"][0]["unit_price"] = -5
    data["offers"][1]["growth_y2"] = 20  # 2 000 %
    data["offers"][1]["seasonality"] = [1] * 11
    data["project"]["start_date"] = "2023-06-01"
    data["project"]["activity"] = "astronaute"
    found = problems_of(data)
    assert set(found) == {
        ("offers", 0, "unit_price"), ("offers", 1, "growth_y2"), ("offers", 1, "seasonality"),
        ("project", "plan_start"), ("project", "activity")}
    assert "Prix unitaire HT : doit être au moins 0\u202f€" in found[("offers", 0, "unit_price")]
    assert "Croissance année 2 : doit être au plus 500\u202f% (saisi : 2\u202f000\u202f%)" in \
        found[("offers", 1, "growth_y2")]
    assert "il faut 12 coefficients" in found[("offers", 1, "seasonality")]
    # an activity started in 2023 is planned from a month the rules cover, typed apart
    assert "obligatoire pour une activité commencée avant le 01/01/2024" in \
        found[("project", "plan_start")]
    assert "Activité inconnue : « astronaute »" in found[("project", "activity")]


@pytest.mark.parametrize("field, value, expected", [
    ("unit_price", "abc", "« abc » n'est pas un nombre"),
    ("unit_price", None, "valeur obligatoire manquante"),
    ("payment_days", 400, "doit être au plus 180\u202fjours"),
    ("kind", "location", "n'est pas une valeur permise"),
])
def test_offer_fields_are_checked(field, value, expected):
    data = example("bijoux")
    data["offers"][2][field] = value
    found = problems_of(data)
    assert expected in found[("offers", 2, field)]
    assert found[("offers", 2, field)].startswith("Offre n° 3")


def test_french_number_text_is_read():
    data = example("bijoux")
    data["offers"][0]["unit_price"] = "1 234,50"
    data["project"]["tax_rate"] = "3 %"
    a = parse_assumptions(data)
    assert a.offers[0].unit_price == 1234.5
    assert a.project.tax_rate == pytest.approx(0.03)


def test_a_plan_needs_an_offer():
    data = example("bijoux")
    data["offers"] = []
    assert "au moins une offre" in " ".join(problems_of(data).values())


def test_loan_deferral_shorter_than_the_loan():
    data = example("bijoux")
    data["financing"]["loans"][0]["deferral"] = 36
    assert ("financing", "loans", 0, "deferral") in problems_of(data)


def test_command_line_prints_problems_without_traceback(tmp_path, capsys, monkeypatch):
    import planae.cli as cli
    data = example("graphiste")
    data["offers"][0]["unit_price"] = -1
    monkeypatch.setattr(cli, "example_data", lambda name: data)
    assert main(["example", "graphiste"]) == 3
    err = capsys.readouterr().err
    assert "Hypothèses à corriger" in err and "Traceback" not in err
