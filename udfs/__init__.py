"""planae's custom Excel formulas (xlwings UDFs; Windows Excel only).

Excel finds them through the add-in planae.xlam, whose VBA wrappers are generated from this
module at build time, or through xlwings's « Import Functions » with `UDF Modules = udfs`.
Each docstring is the help Excel shows. Arguments arrive as xlwings hands them over: numbers as
floats, dates as datetimes, empty cells as None; the input blocks of the table formulas as lists
of rows (declared `ndim=2`). A formula never raises into Excel: a bad input gives a French
message in the cell.

The table formulas take the input blocks of the template (the named cells of the sheets
Projet, Charges and Financement as label + value ranges, and the tables tblOffres,
tblCharges…, tblReperes last: the person's benchmarks, which the alerts read) so Excel
recalculates them when an input changes; the same inputs are computed once whichever of them
ask (a cache keyed on a hashable form of the arguments).
"""
from __future__ import annotations

import datetime as dt
import functools
import inspect

import xlwings as xw

from forecast.activity import Activity, main_kind, parse_activity
from forecast.assumptions import FIRST_COVERED_DATE, FieldReader
from forecast.errors import PlanaeError, describe, no_warnings
from forecast.french import date
from forecast.income_tax import household_tax, tax_rules
from forecast.micro import (abattement, acre_end, levies_on_turnover, regime_ceiling,
                            vat_threshold)
from forecast.rules import load_rules
from forecast.unemployment import (Rights, arce, indemnified_days, paid_for,
                                   unemployment_rules)

from ._inputs import FormulaInputError, arguments_key, inputs_dict

CATEGORY = "planae"
CACHE_SIZE = 32


# -- argument conversion (the engine's own French validation) ----------------------------------

def _number(value, label: str, lo: float | None = 0.0) -> float:
    r = FieldReader()
    out = r.number({"v": value}, ("v",), label, lo=lo, default=None)
    if r.problems:
        raise FormulaInputError(f"{label} : {r.problems[0].message}")
    return out


def _year(value) -> int:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    r = FieldReader()
    year = r.number({"v": value}, ("v",), "Année", lo=2000, hi=2100, default=None, integer=True)
    if r.problems:
        raise FormulaInputError(f"Année : {r.problems[0].message}")
    return int(year)


def _flag(value, label: str) -> bool:
    if isinstance(value, float):  # Excel's VRAI/FAUX arrive as bool, 1/0 as floats
        value = value != 0
    r = FieldReader()
    out = r.flag({"v": value}, ("v",), label)
    if r.problems:
        raise FormulaInputError(f"{label} : {r.problems[0].message}")
    return out


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 of Excel's 1900 date system
LAST_SERIAL = 2958465  # 31/12/9999


def excel_date(serial: float) -> dt.date | None:
    """An Excel serial date (a number: what DATE() gives, or a date cell read as a number) ->
    the date, in the 1900 date system (46082 -> 01/03/2026; exact from 01/03/1900 on). None
    when the number cannot be a date."""
    if not 1 <= serial <= LAST_SERIAL:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _date(value, label: str, earliest: dt.date | None = FIRST_COVERED_DATE) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        day = excel_date(value)
        if day is None:
            raise FormulaInputError(f"{label} : « {value:g} » n'est pas une date (jj/mm/aaaa).")
        value = day
    r = FieldReader()
    out = r.date({"v": value}, ("v",), label, earliest=earliest)
    if r.problems:
        raise FormulaInputError(f"{label} : {r.problems[0].message}")
    return out


def _activity(value) -> Activity:
    try:
        return parse_activity(value)
    except ValueError as e:
        raise FormulaInputError(str(e)) from None


def _guard(f):
    """Any failure -> a French message in the cell, never an exception into Excel (in the
    first cell of a fixed array block, the others left empty)."""
    signature = inspect.signature(f)

    @functools.wraps(f)
    def inner(*args, **kwargs):
        try:
            with no_warnings():
                return f(*args, **kwargs)
        except PlanaeError as e:
            message = e.describe(most=1)
        except Exception as e:  # noqa: BLE001 - a formula must answer, whatever happens
            message = f"{describe(e)} Signalez-la."
        try:
            caller = signature.bind_partial(*args, **kwargs).arguments.get("caller")
        except TypeError:
            caller = None
        if getattr(caller, "shape", None) not in ((1, 1), None):
            return _spill([[message]], caller)
        return message
    return inner


def _levies(ca, activite, annee, acre, versement_liberatoire, date_debut):
    """Levies of a year; an activity may have started any time before (no ACRE then)."""
    year, with_acre = _year(annee), _flag(acre, "ACRE")
    start = _date(date_debut, "Date de début", earliest=None)
    end = acre_end(load_rules(), start) if with_acre and start is not None else None
    if end is not None and end < dt.date(year, 1, 1):
        raise FormulaInputError(f"ACRE : la période d'ACRE d'une activité débutée le {date(start)} "
                                f"a pris fin le {date(end)}, avant {year} : saisissez FAUX.")
    return levies_on_turnover(load_rules(), _activity(activite), year,
                              _number(ca, "Chiffre d'affaires"), acre=with_acre,
                              vl=_flag(versement_liberatoire, "Versement libératoire"),
                              start=start)


# -- scalar formulas ------------------------------------------------------------------------------

@xw.func(category=CATEGORY)
@xw.arg("ca", doc="Chiffre d'affaires HT encaissé dans l'année, en €.")
@xw.arg("activite", doc="Code (vente, vente_artisan, services_bic, services_artisan, bnc, cipav) "
                        "ou libellé de l'activité.")
@xw.arg("annee", doc="Année civile d'encaissement (ex. 2026).")
@xw.arg("acre", doc="VRAI si tout le CA est encaissé pendant la période d'ACRE.")
@xw.arg("date_debut", doc="Date de début d'activité : choisit le régime d'ACRE applicable.")
@_guard
def AE_COTISATIONS(ca, activite, annee, acre=False, date_debut=None):
    """Cotisations sociales du micro-entrepreneur (en €) sur un chiffre d'affaires encaissé
    dans l'année, aux taux en vigueur mois par mois, arrondies comme l'URSSAF."""
    return _levies(ca, activite, annee, acre, False, date_debut).cotisations


@xw.func(category=CATEGORY)
@xw.arg("ca", doc="Chiffre d'affaires HT encaissé dans l'année, en €.")
@xw.arg("activite", doc="Code ou libellé de l'activité.")
@xw.arg("annee", doc="Année civile d'encaissement (ex. 2026).")
@xw.arg("acre", doc="VRAI si tout le CA est encaissé pendant la période d'ACRE.")
@xw.arg("versement_liberatoire", doc="VRAI si vous avez opté pour le versement libératoire.")
@xw.arg("date_debut", doc="Date de début d'activité : choisit le régime d'ACRE applicable.")
@_guard
def AE_PRELEVEMENTS(ca, activite, annee, acre=False, versement_liberatoire=False,
                    date_debut=None):
    """Tableau des prélèvements sur un chiffre d'affaires annuel (en €) : cotisations sociales,
    CFP, TFC, versement libératoire et total."""
    levies = _levies(ca, activite, annee, acre, versement_liberatoire, date_debut)
    return [["Cotisations sociales", levies.cotisations], ["CFP", levies.cfp],
            ["TFC", levies.tfc], ["Versement libératoire", levies.vl], ["Total", levies.total]]


@xw.func(category=CATEGORY)
@xw.arg("activite", doc="Code ou libellé de l'activité.")
@xw.arg("annee", doc="Année civile (ex. 2026).")
@_guard
def AE_PLAFOND(activite, annee):
    """Plafond de chiffre d'affaires du régime micro (en €) pour l'activité et l'année :
    plafond des prestations de services ou plafond des ventes."""
    return regime_ceiling(load_rules(), _activity(activite), _year(annee))


@xw.func(category=CATEGORY)
@xw.arg("activite", doc="Code ou libellé de l'activité.")
@xw.arg("annee", doc="Année civile (ex. 2026).")
@_guard
def AE_SEUIL_TVA(activite, annee):
    """Seuil de base de la franchise de TVA (en €) pour l'activité et l'année."""
    return vat_threshold(load_rules(), _activity(activite), _year(annee))


# -- the founder's household: ARE or ARCE, income tax ----------------------------------------

def _rights(allocation_journaliere, jours_restants, sjr=None):
    return Rights(_number(allocation_journaliere, "Allocation journalière"),
                  _number(jours_restants, "Jours de droits restants"),
                  _number(sjr, "Salaire journalier de référence") if sjr not in (None, "")
                  else 0.0)


def _start(value, label: str) -> dt.date:
    day = _date(value, label)
    if day is None:
        raise FormulaInputError(f"{label} : valeur obligatoire manquante.")
    return day


@xw.func(category=CATEGORY)
@xw.arg("allocation_journaliere", doc="Allocation journalière brute de l'ARE, en € (notification "
                                      "de France Travail).")
@xw.arg("jours_restants", doc="Jours de droits restants au début de l'activité.")
@xw.arg("date_debut", doc="Date de début d'activité (règles en vigueur ce jour-là).")
@xw.arg("acre", doc="VRAI si l'ACRE est accordée : l'ARCE l'exige.")
@_guard
def AE_ARCE(allocation_journaliere, jours_restants, date_debut, acre=True):
    """ARCE versée par France Travail (en €) : 60 % des droits restants, moins la participation
    de 3 % aux retraites complémentaires, payée moitié au début, moitié six mois plus tard."""
    if not _flag(acre, "ACRE"):
        raise FormulaInputError("l'ARCE exige l'ACRE.")
    return arce(unemployment_rules(), _start(date_debut, "Date de début"),
                _rights(allocation_journaliere, jours_restants)).amount


@xw.func(category=CATEGORY)
@xw.arg("allocation_journaliere", doc="Allocation journalière brute de l'ARE, en €.")
@xw.arg("ca_du_mois", doc="Chiffre d'affaires encaissé du mois, en € (déclaré à l'URSSAF).")
@xw.arg("activite", doc="Code ou libellé de l'activité (fixe l'abattement retenu).")
@xw.arg("mois", doc="Une date du mois (règles en vigueur ce mois-là).")
@xw.arg("sjr", doc="Salaire journalier de référence, en € (facultatif : plafond du cumul et "
                   "participation retraite de 3 %).")
@_guard
def AE_ARE_MAINTENUE(allocation_journaliere, ca_du_mois, activite, mois, sjr=None):
    """ARE versée pour un mois d'activité (en €) : 30 jours moins les jours que représentent
    70 % du CA après abattement, arrondis au jour supérieur, dans la limite du salaire de
    référence. Sans le plafond de 60 % des droits, qui se suit sur toute la durée."""
    rights = _rights(allocation_journaliere, 1, sjr)
    if rights.daily_amount <= 0:
        raise FormulaInputError("Allocation journalière : doit être plus que 0 €.")
    activity, day = _activity(activite), _start(mois, "Mois")
    rules = unemployment_rules()
    income = _number(ca_du_mois, "CA du mois") * (
        1 - abattement(load_rules(), activity, main_kind(activity), day))
    days = indemnified_days(rules, day, rights.daily_amount, income, rights.reference_daily_wage)
    gross, participation = paid_for(rules, day, rights, days)
    return round(float(gross - participation), 2)


@xw.func(category=CATEGORY)
@xw.arg("revenu_imposable", doc="Revenu net imposable du foyer de l'année, en € (revenu de la "
                                "micro-entreprise après abattement compris, sans versement "
                                "libératoire).")
@xw.arg("parts", doc="Nombre de parts de quotient familial (1 ; 1,5 ; 2…).")
@xw.arg("couple", doc="VRAI si marié ou pacsé (imposition commune).")
@xw.arg("annee", doc="Année des revenus (ex. 2025 : impôt payé en 2026).")
@xw.arg("revenu_vl", doc="Revenu de la micro-entreprise au versement libératoire, après "
                         "abattement (facultatif) : il fixe le taux des autres revenus.")
@_guard
def AE_IMPOT_FOYER(revenu_imposable, parts, couple, annee, revenu_vl=None):
    """Impôt sur le revenu du foyer (en €) : barème progressif de l'année des revenus, quotient
    familial plafonné, décote, rien sous 61 €."""
    r = FieldReader()
    n = r.number({"v": parts}, ("v",), "Parts", lo=1, hi=20, default=None)
    if r.problems:
        raise FormulaInputError(f"Parts : {r.problems[0].message}")
    vl = _number(revenu_vl, "Revenu au versement libératoire") if revenu_vl not in (None, "") \
        else 0.0
    return float(household_tax(tax_rules(), _year(annee),
                               _number(revenu_imposable, "Revenu imposable"), n,
                               _flag(couple, "Couple"), vl).due)


# -- table formulas (dynamic arrays) ----------------------------------------------------------

TABLE_ARGS = ("projet", "offres", "charges", "exploitation", "investissements", "financement",
              "emprunts", "subventions", "reperes", "porteur")


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached_plan(key: tuple):
    """The plan of one set of inputs, or the exception it raised (cached too: six formulas
    on a bad input report it without parsing it six times)."""
    from forecast.plan import build_plan
    try:
        return build_plan(inputs_dict(*key))
    except Exception as e:  # noqa: BLE001 - re-raised by plan_for, outside the cache
        return e


def plan_for(*args):
    """The BusinessPlan of the formulas' arguments, computed once per distinct inputs."""
    result = _cached_plan(arguments_key(args))
    if isinstance(result, Exception):
        raise result
    return result


def cache_clear() -> None:
    _cached_plan.cache_clear()


def _spill(rows: list[list], caller=None) -> list[list]:
    """A rectangular block with empty cells as "" (what xlwings writes as an empty cell).
    Entered in one cell (Excel 365) the block spills; entered as a classic array formula over
    a fixed block ({=…}, as the `Formules` sheet does), it is padded with "" to the caller's
    size so no cell shows #N/A."""
    width = max(map(len, rows))
    height = len(rows)
    shape = getattr(caller, "shape", None)
    if shape and shape != (1, 1):
        height, width = max(height, shape[0]), max(width, shape[1])
    block = []
    for r in rows:  # most rows have no empty cell and the full width: copied at C speed
        row = [("" if v is None else v) for v in r] if None in r else list(r)
        if len(row) < width:
            row += [""] * (width - len(row))
        block.append(row)
    return block + [[""] * width for _ in range(height - len(rows))]


def _table(key: str, args, caller=None) -> list[list]:
    return _spill(plan_for(*args).tables[key].rows(), caller)


_ARG_DOCS = {
    "projet": "Libellés et valeurs de la feuille Projet (ex. Projet!B5:C18).",
    "offres": "Le tableau des offres, avec ses titres : tblOffres[#Tout].",
    "charges": "Le tableau des charges : tblCharges[#Tout].",
    "exploitation": "Libellés et valeurs « Exploitation » de la feuille Charges.",
    "investissements": "Le tableau des investissements : tblInvestissements[#Tout].",
    "financement": "Libellés et valeurs « Ressources » de la feuille Financement.",
    "emprunts": "Le tableau des emprunts : tblEmprunts[#Tout].",
    "subventions": "Le tableau des subventions : tblSubventions[#Tout].",
    "reperes": "Vos repères du secteur : tblReperes[#Tout] (sans lui, les repères par "
               "défaut).",
    "porteur": "Libellés et valeurs de la feuille Porteur de projet (sans lui, ni budget "
               "personnel ni droits à l'ARE).",
}


def _table_formula(f):
    """Each input block two-dimensional whatever its shape (`ndim=2`): xlwings would hand a
    single row or a single column over as a flat list, a single cell as a scalar."""
    for name in TABLE_ARGS:
        f = xw.arg(name, ndim=2, doc=_ARG_DOCS[name])(f)
    return xw.func(category=CATEGORY)(_guard(f))


@_table_formula
def AE_COMPTE_RESULTAT(projet, offres, charges=None, exploitation=None, investissements=None,
                       financement=None, emprunts=None, subventions=None, reperes=None,
                       porteur=None, caller=None):
    """Compte de résultat prévisionnel sur 3 ans, calculé à partir des saisies (matrice
    dynamique)."""
    inputs = (projet, offres, charges, exploitation, investissements, financement, emprunts,
              subventions, reperes, porteur)
    return _table("compte_de_resultat", inputs, caller)


@_table_formula
def AE_TRESORERIE(projet, offres, charges=None, exploitation=None, investissements=None,
                  financement=None, emprunts=None, subventions=None, reperes=None,
                  porteur=None, caller=None):
    """Plan de trésorerie mensuel sur 36 mois, calculé à partir des saisies (matrice
    dynamique)."""
    inputs = (projet, offres, charges, exploitation, investissements, financement, emprunts,
              subventions, reperes, porteur)
    return _table("tresorerie", inputs, caller)


@_table_formula
def AE_BILAN(projet, offres, charges=None, exploitation=None, investissements=None,
             financement=None, emprunts=None, subventions=None, reperes=None,
             porteur=None, caller=None):
    """Bilan prévisionnel aux 3 fins d'exercice, calculé à partir des saisies (matrice
    dynamique)."""
    inputs = (projet, offres, charges, exploitation, investissements, financement, emprunts,
              subventions, reperes, porteur)
    return _table("bilan", inputs, caller)


@_table_formula
def AE_PLAN_FINANCEMENT(projet, offres, charges=None, exploitation=None, investissements=None,
                        financement=None, emprunts=None, subventions=None, reperes=None,
                        porteur=None, caller=None):
    """Plan de financement initial puis sur 3 ans, calculé à partir des saisies (matrice
    dynamique)."""
    plan = plan_for(projet, offres, charges, exploitation, investissements, financement,
                    emprunts, subventions, reperes, porteur)
    initial = plan.tables["plan_de_financement_initial"].rows()
    yearly = plan.tables["plan_de_financement"].rows()
    return _spill(initial + [[None]] + yearly, caller)


@_table_formula
def AE_INDICATEURS(projet, offres, charges=None, exploitation=None, investissements=None,
                   financement=None, emprunts=None, subventions=None, reperes=None,
                   porteur=None, caller=None):
    """Indicateurs clés sur 3 ans (marges, EBE, CAF, seuil de rentabilité, point mort…),
    calculés à partir des saisies (matrice dynamique)."""
    inputs = (projet, offres, charges, exploitation, investissements, financement, emprunts,
              subventions, reperes, porteur)
    return _table("indicateurs", inputs, caller)


@_table_formula
def AE_ALERTES(projet, offres, charges=None, exploitation=None, investissements=None,
               financement=None, emprunts=None, subventions=None, reperes=None,
               porteur=None, caller=None):
    """Alertes et points d'attention du prévisionnel (gravité, sujet, message, ce qu'elle
    concerne), calculés à partir des saisies et de vos repères (matrice dynamique)."""
    inputs = (projet, offres, charges, exploitation, investissements, financement, emprunts,
              subventions, reperes, porteur)
    return _table("alertes", inputs, caller)


@_table_formula
def AE_BESOIN_FINANCEMENT(projet, offres, charges=None, exploitation=None, investissements=None,
                          financement=None, emprunts=None, subventions=None, reperes=None,
                          porteur=None, caller=None):
    """Le plus petit emprunt bancaire (ou, à défaut, l'apport) qui garde la trésorerie au-dessus
    du minimum chaque mois : solution, montant, durée, taux et explication (matrice
    dynamique)."""
    inputs = (projet, offres, charges, exploitation, investissements, financement, emprunts,
              subventions, reperes, porteur)
    return _table("besoin_financement", inputs, caller)


SCALAR_FORMULAS = ("AE_COTISATIONS", "AE_PRELEVEMENTS", "AE_PLAFOND", "AE_SEUIL_TVA",
                   "AE_ARCE", "AE_ARE_MAINTENUE", "AE_IMPOT_FOYER")
TABLE_FORMULAS = ("AE_COMPTE_RESULTAT", "AE_TRESORERIE", "AE_BILAN", "AE_PLAN_FINANCEMENT",
                  "AE_INDICATEURS", "AE_ALERTES")
SOLVER_FORMULAS = ("AE_BESOIN_FINANCEMENT",)
__all__ = [*SCALAR_FORMULAS, *TABLE_FORMULAS, *SOLVER_FORMULAS, "plan_for", "cache_clear"]
