"""Places by name, for what HR and HR-IT read: trackers, the batch report, Prefect artifacts.

Rule data names every place (``US-CA`` is "California", ``US-CA-SF`` "San Francisco, CA"); records
carry place ids, most specific first. Ids stay in the manifest, where code reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.errors import AccordError
from accord.jurisdictions.rulebook import load_rules


def place_name(place_id: str) -> str:
    """Return the name rule data gives the place; the id itself when no rule file has it."""
    try:
        places = load_rules().places
    except AccordError:
        return place_id  # rule data that does not load is reported by the run itself
    place = places.get(place_id)
    return place.name if place is not None else place_id


def chain_name(chain: Sequence[str]) -> str:
    """Return the name of a record's place: its most specific place's (empty for no chain)."""
    return place_name(chain[0]) if chain else ""
