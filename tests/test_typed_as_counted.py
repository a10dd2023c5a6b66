"""Inputs typed as a person counts them: a month as a date (« 03/2027 », a date cell) instead of
its number in the plan."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.utils.cell import range_boundaries

from forecast.assumptions import InvalidAssumptions, parse_assumptions
from forecast.examples import example_data
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs
from workbook.template import build_workbook


def test_months_typed_as_dates_are_the_plan_s_months():
    """The jewellery maker starts on 1 September 2026: November 2026 is the plan's 3rd month,
    March 2027 its 7th; 46 327 is Excel's serial number of 1 November 2026 (46 023 for
    1 January 2026, plus the 304 days of January to October)."""
    data = example_data("bijoux")
    data["charges"][0]["first_month"] = dt.datetime(2026, 11, 1)
    data["charges"][1]["first_month"] = "03/2027"
    data["charges"][2]["first_month"] = "2027-03"
    data["investments"][0]["month"] = 46327
    data["operations"]["drawings_first_month"] = dt.date(2026, 12, 15)
    a = parse_assumptions(data)
    assert [c.first_month for c in a.charges[:3]] == [3, 7, 7]
    assert a.investments[0].month == 3
    assert a.operations.drawings_first_month == 4
    data["charges"][3]["first_month"] = "2029-09"  # the 37th month: after the plan
    data["financing"]["loans"][0]["month"] = "08/2026"  # before it
    with pytest.raises(InvalidAssumptions) as e:
        parse_assumptions(data)
    text = e.value.describe()
    assert "septembre 2029 est hors du plan, qui va de septembre 2026 à août 2029" in text
    assert "août 2026 est hors du plan" in text
    data = example_data("bijoux")
    data["charges"][0]["first_month"] = 400  # neither a month of the plan nor a date
    with pytest.raises(InvalidAssumptions) as e:
        parse_assumptions(data)
    assert "doit être au plus 36" in e.value.describe()


def test_a_date_typed_in_the_workbook_s_month_column_is_read(tmp_path):
    wb = build_workbook(example_data("bijoux"))
    ws = wb["Charges"]
    table = ws.tables["tblCharges"]
    left, top, _, _ = range_boundaries(table.ref)
    headers = [c.value for c in ws[top]][left - 1:]
    cell = ws.cell(top + 1, left + headers.index("Premier mois"))
    cell.value = dt.datetime(2027, 3, 1)
    cell.number_format = "mm/yyyy"
    path = tmp_path / "dates.xlsx"
    wb.save(path)
    data, _ = read_inputs(OpenpyxlBook.load(path))
    assert parse_assumptions(data).charges[0].first_month == 7
    dv = next(dv for dv in ws.data_validations.dataValidation
              if cell.coordinate in dv.sqref)
    assert dv.type == "whole" and int(dv.formula2) > 46327  # Excel accepts the date typed


def _hairdresser(**offer) -> dict:
    return {"project": {"name": "Coiffure à domicile", "activity": "services_artisan",
                        "start_date": "2026-03-01", "tax_rate": 0.02},
            "offers": [{"name": "Coupe", "kind": "service", "unit_price": 25,
                        "quantities": [6] * 12} | offer]}


def test_quantities_per_week_or_per_day_are_sold_as_typed():
    """6 cuts a worked day, 5 days a week: 6 × 5 × 52 / 12 = 130 a month, 1 560 in year 1,
    39 000 € of turnover at 25 €; 6 a day on 4 days: 104 a month; 6 a week: 26 a month."""
    from forecast.plan import build_plan
    from report.hypotheses import assumption_rows
    plan = build_plan(_hairdresser(volume_unit="jour"))
    assert plan.assumptions.offers[0].quantities == pytest.approx([130] * 12)
    assert plan.tables["compte_de_resultat"].line("chiffre_affaires").values[0] == \
        pytest.approx(39_000)
    row = next(r for r in assumption_rows(plan) if r.text.startswith("« Coupe »"))
    assert "25\u202f€ HT × 6 par jour travaillé (5 jours par semaine), soit 1\u202f560 en " \
           "année 1" in row.text
    assert row.value == "39\u202f000\u202f€"
    four = build_plan(_hairdresser(volume_unit="jour", days_per_week=4))
    assert four.assumptions.offers[0].quantities == pytest.approx([104] * 12)
    week = build_plan(_hairdresser(volume_unit="semaine"))
    assert week.assumptions.offers[0].quantities == pytest.approx([26] * 12)
    with pytest.raises(InvalidAssumptions) as e:  # a volume spread by coefficients is annual
        parse_assumptions(_hairdresser(volume_unit="semaine", quantities=None,
                                       annual_volume=300))
    assert "choisissez « mois »" in e.value.describe()


def test_quantities_per_day_round_trip_through_the_workbook(tmp_path):
    wb = build_workbook(_hairdresser(volume_unit="jour", days_per_week=4))
    path = tmp_path / "coiffure.xlsx"
    wb.save(path)
    data, _ = read_inputs(OpenpyxlBook.load(path))
    offer = parse_assumptions(data).offers[0]
    assert (offer.volume_unit, offer.days_per_week) == ("jour", 4)
    assert offer.quantities == pytest.approx([104] * 12)
