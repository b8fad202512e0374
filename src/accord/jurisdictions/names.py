"""Places by name, for what HR and HR-IT read: trackers, the batch report, Prefect artifacts.

Rule data names every place (``US-CA`` is "California", ``US-CA-SF`` "San Francisco, CA"); records
carry place ids, most specific first. Ids stay in the manifest, where code reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from accord.errors import AccordError
from accord.jurisdictions.rulebook import load_rules


@lru_cache(maxsize=1024)
def place_name(place_id: str) -> str:
    """Return a place id as a reader names it ("US-CA-SF" -> "San Francisco, CA", "US-NY" -> "New
    York"); the id itself when no rule file has it."""
    try:
        places = load_rules().places
    except AccordError:
        return place_id  # rule data that does not load is reported by the run itself
    place = places.get(place_id)
    if place is None:
        return place_id
    # Rule data names places for counsel ("New York (State)"); readers want "New York", and a
    # city with its state ("New York City, NY").
    name = place.name.split(" (")[0]
    if place.type in ("city", "county") and "," not in name and place.parent:
        name = f"{name}, {place.parent.removeprefix('US-')}"
    return name


def chain_name(chain: Sequence[str]) -> str:
    """Return the name of a record's place: its most specific place's (empty for no chain)."""
    return place_name(chain[0]) if chain else ""


@lru_cache(maxsize=1024)
def chain_of(place: str) -> tuple[str, ...]:
    """Return the place ids from a tracker's Place cell (a name, an id, or ``A > B`` ids), most
    specific first, up to the federal level; ``()`` when rule data knows no such place.
    """
    try:
        places = load_rules().places
    except AccordError:
        return ()
    text = place.split(">")[0].strip()
    found = places.get(text)
    if found is None:
        found = next((p for p in places.values() if text in (p.name, place_name(p.id))), None)
    chain: list[str] = []
    while found is not None and found.id not in chain:
        chain.append(found.id)
        found = places.get(found.parent) if found.parent else None
    return tuple(chain)
