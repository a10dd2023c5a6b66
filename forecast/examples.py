"""The bundled example businesses, as input dicts (forecast/data/examples/*.json)."""
from __future__ import annotations

from importlib import resources

from .errors import UsageError

EXAMPLES = ("graphiste", "bijoux")


def example_data(name: str) -> dict:
    if name not in EXAMPLES:
        raise UsageError(f"Exemple inconnu : « {name} ». Exemples : {', '.join(EXAMPLES)}.")
    import json  # the command line imports this module for EXAMPLES: compute never reads one
    text = (resources.files("forecast").joinpath("data", "examples", f"{name}.json")
            .read_text("utf-8"))
    return json.loads(text)
