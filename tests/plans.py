"""Small plans for the engine tests, and a hypothesis strategy of random valid plans."""
from __future__ import annotations

import copy
import datetime as dt

from hypothesis import strategies as st

from forecast.examples import example_data as example  # noqa: F401 - the tests' name for it


def simple_plan(**project) -> dict:
    """One service at 1 000 € a month, nothing else: easy to compute by hand."""
    base = {"name": "Test", "activity": "services_bic", "start_date": "2025-01-01"}
    return {
        "project": base | project,
        "offers": [{"name": "Service", "kind": "service", "unit_price": 1000, "unit_cost": 0,
                    "quantities": [1] * 12}],
    }


EXTRA_OFFERS = (  # four more offers for the jewellery example: names long and short
    ("Boucles d'oreilles pierres fines et argent recyclé, collection printemps-été", 42, 12),
    ("Réparations", 25, 3),
    ("Commandes personnalisées (alliances, gravures, pièces uniques sur devis)", 240, 80),
    ("Kits créatifs", 29, 11),
)


def eight_offers() -> dict:
    """The jewellery example with 8 offers and 10 charges: the deck's tables and charts must
    hold them without an orphan slide."""
    data = copy.deepcopy(example("bijoux"))
    for i, (name, price, cost) in enumerate(EXTRA_OFFERS):
        data["offers"].append({"name": name, "kind": "vente", "unit_price": price,
                               "unit_cost": cost, "quantities": [2 + i % 3] * 12,
                               "growth_y2": 0.1, "growth_y3": 0.05, "payment_days": 0})
    for label in ("Comptable", "Site internet", "Formation bijouterie"):
        data["charges"].append({"label": label, "category": "Autres charges externes",
                                "monthly_amount": 30, "first_month": 1, "indexation": 0})
    data["project"]["name"] = "Atelier bijoux — huit offres"
    return data


def texts_prefixed(data: dict, *prefixes: str) -> dict:
    """`data` with every text a person types (each text input of the workbook's declaration:
    the project's name, the offers', charges', investments', loans' and grants' names, and
    every text of the written part) starting with a prefix: the first one, or in turn down
    each table and along the written part."""
    from itertools import cycle

    from workbook import schema
    data = copy.deepcopy(data)

    def prefixed(node, turn):
        if isinstance(node, dict):
            return {k: prefixed(v, turn) for k, v in node.items()}
        if isinstance(node, list):
            return [prefixed(v, turn) for v in node]
        return next(turn) + node if isinstance(node, str) and node else node

    for f in schema.FIELDS:
        node = data
        for step in f.path[:-1]:
            node = node.get(step) or {}
        if f.kind == schema.TEXT and isinstance(node.get(f.key), str):
            node[f.key] = prefixes[0] + node[f.key]
    for t in schema.TABLES:
        rows = data
        for step in t.path:
            rows = rows.get(step) or {}
        keys = [c.key for c in t.columns if c.kind == schema.TEXT and c.shown == "input"]
        for row, prefix in zip(rows or [], cycle(prefixes)):
            row.update({k: prefix + row[k] for k in keys if isinstance(row.get(k), str)})
    data["narrative"] = prefixed(data.get("narrative") or {}, cycle(prefixes))
    return data


money = st.floats(0, 5000, allow_nan=False).map(lambda x: round(x, 2))
month = st.integers(1, 36)
rate = st.floats(0, 0.5).map(lambda x: round(x, 4))

offers = st.fixed_dictionaries({
    "name": st.text("abcdefghij", min_size=1, max_size=8),
    "kind": st.sampled_from(["vente", "service"]),
    "unit_price": st.floats(0, 2000).map(lambda x: round(x, 2)),
    "unit_cost": st.floats(0, 1500).map(lambda x: round(x, 2)),
    "quantities": st.lists(st.floats(0, 120).map(lambda x: round(x, 1)), min_size=12,
                           max_size=12),
    "growth_y2": st.floats(-0.9, 3),
    "growth_y3": st.floats(-0.9, 3),
    "payment_days": st.sampled_from([0, 15, 30, 45, 60, 90, 180]),
    "vat_rate": st.sampled_from([0.2, 0.1, 0.055, 0.021, 0]),
})

charges = st.fixed_dictionaries({
    "label": st.just("Charge"), "category": st.just("Autres charges externes"),
    "monthly_amount": money, "first_month": month, "indexation": st.floats(-0.1, 0.2),
    "vat_rate": st.sampled_from([None, 0.2, 0.1, 0]),
})

investments = st.fixed_dictionaries({
    "label": st.just("Matériel"), "amount": st.floats(0, 30000).map(lambda x: round(x, 2)),
    "month": month, "years": st.integers(0, 10),
    "vat_rate": st.sampled_from([0.2, 0.055, 0]),
})

loans = st.integers(1, 120).flatmap(lambda months: st.fixed_dictionaries({
    "label": st.just("Prêt"), "kind": st.sampled_from(["banque", "honneur"]),
    "amount": st.floats(0, 50000).map(lambda x: round(x, 2)), "rate": st.floats(0, 0.12),
    "months": st.just(months), "deferral": st.integers(0, months - 1), "month": month,
}))

plans = st.fixed_dictionaries({
    "project": st.fixed_dictionaries({
        "name": st.just("Plan aléatoire"),
        "activity": st.sampled_from(["vente", "vente_artisan", "services_bic", "services_artisan",
                                     "bnc", "cipav"]),
        "start_date": st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
        "acre": st.booleans(),
        "versement_liberatoire": st.booleans(),
        "declaration": st.sampled_from(["mensuelle", "trimestrielle"]),
        "cfe": st.floats(0, 2000),
        "opening_cash": money,
        "minimum_cash": money,
        "vat_prices_kept": st.booleans(),
        "vat_monthly": st.booleans(),
        "cfe_artisan_exempt": st.booleans(),
        "tax_rate": st.floats(0, 0.3),
    }),
    "offers": st.lists(offers, min_size=1, max_size=4),
    "charges": st.lists(charges, max_size=4),
    "operations": st.fixed_dictionaries({
        "subcontracting_rate": st.floats(0, 0.3), "initial_stock": money,
        "stock_days": st.sampled_from([0, 15, 30, 60, 90]),
        "supplier_days": st.sampled_from([0, 30, 45, 60]),
        "drawings_monthly": money, "drawings_first_month": month,
    }),
    "investments": st.lists(investments, max_size=3),
    "financing": st.fixed_dictionaries({
        "apport": money, "loans": st.lists(loans, max_size=3),
        "grants": st.lists(st.fixed_dictionaries({"label": st.just("Aide"), "amount": money,
                                                  "month": month}), max_size=2),
        "arce": money,
    }),
})
