"""The sums every table must show: each total equals the lines it adds up, in every column.

The master check on top of every output sheet and the property tests read the same list, so
a line shown with a wrong sign, or a total computed apart from its lines, cannot go unseen.
"""
from __future__ import annotations

from .tables import Table

CENT = 0.01  # euros: the tolerance of a sum (the tables are shown to the cent)

# table -> (total, its terms: "+line", "-line", or "+prefix*" for every line starting so)
SUMS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "compte_de_resultat": (
        ("chiffre_affaires", ("+ca_offre_*",)),
        ("marge_brute", ("+chiffre_affaires", "-achats_consommes", "-couts_directs")),
        ("valeur_ajoutee", ("+marge_brute", "-charges_externes")),
        ("impots_taxes", ("+cfe", "+cfp_tfc")),
        ("ebe", ("+valeur_ajoutee", "-impots_taxes", "-cotisations_sociales")),
        ("resultat_exploitation", ("+ebe", "-dotations")),
        ("resultat", ("+resultat_exploitation", "-charges_financieres")),
        ("revenu_disponible", ("+resultat", "-impot_revenu")),
    ),
    "tresorerie": (
        ("encaissements", ("+encaissements_ventes", "+apports", "+subventions",
                           "+emprunts_recus")),
        ("decaissements", ("+fournisseurs", "+charges_fixes", "+investissements",
                           "+cotisations_versees", "+cfe", "+tva", "+remboursements",
                           "+interets", "+prelevements")),
        ("solde", ("+encaissements", "-decaissements")),
        ("tresorerie_fin", ("+tresorerie_debut", "+solde")),
    ),
    "bilan": (
        ("total_actif", ("+immobilisations_nettes", "+stocks", "+creances_clients",
                         "+credit_tva", "+tresorerie")),
        ("total_passif", ("+compte_exploitant", "+emprunts", "+dettes_fournisseurs",
                          "+dettes_sociales_fiscales", "+tva_due")),
        ("total_passif", ("+total_actif",)),
    ),
    "bfr": (
        ("bfr", ("+stocks", "+creances_clients", "+credit_tva", "+dettes_fournisseurs",
                 "+dettes_sociales_fiscales")),
    ),
    "amortissements": (
        ("total_dotations", ("+investissement_*",)),
    ),
    "plan_de_financement_initial": (
        ("total_besoins", ("+investissements", "+frais_demarrage", "+stock_initial",
                           "+bfr_demarrage", "+tresorerie_securite")),
        ("total_ressources", ("+tresorerie_depart", "+apport", "+prets_honneur",
                              "+emprunts_bancaires", "+subventions", "+arce")),
        ("ecart", ("+total_ressources", "-total_besoins")),
    ),
    "plan_de_financement": (
        ("total_ressources", ("+caf", "+apports", "+emprunts")),
        ("total_emplois", ("+investissements", "+remboursements", "+variation_bfr",
                           "+prelevements", "+versement_liberatoire")),
        ("variation_tresorerie", ("+total_ressources", "-total_emplois")),
        ("tresorerie_fin", ("+tresorerie_debut", "+variation_tresorerie")),
    ),
}


def _terms(table: Table, term: str) -> list[tuple[float, tuple]]:
    sign = -1.0 if term[0] == "-" else 1.0
    name = term[1:]
    if name.endswith("*"):
        return [(sign, l.values) for l in table.lines if l.key.startswith(name[:-1])]
    return [(sign, table.line(name).values)]


def wrong_sums(tables: dict[str, Table]) -> list[str]:
    """The totals that do not equal their lines, as « table : total (colonne n) »; none when
    every table adds up."""
    wrong = []
    for key, sums in SUMS.items():
        if key not in tables:
            continue
        table = tables[key]
        for total, terms in sums:
            values = table.line(total).values
            parts = [t for term in terms for t in _terms(table, term)]
            for column, value in enumerate(values):
                expected = sum(sign * (v[column] or 0.0) for sign, v in parts)
                if abs(value - expected) > CENT:
                    wrong.append(f"{table.title} : {table.line(total).label} "
                                 f"(colonne {column + 1})")
    return wrong
