"""Resolving where someone works (state, city, county) into a chain of jurisdiction ids.

The chain runs from the most specific place to ``US``: city, county, state, federal. A city or
county Accord has no local rules for is fine (the chain starts at the state); a name that is
*nearly* one Accord knows is treated as a typo and rejected with a suggestion, because silently
missing New York City's rules would be worse than asking.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import ValueProblem
from accord.jurisdictions.rulebook import DEFAULT_ROOT, RuleBook, load_rules

_STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip


class PlaceProblem(ValueProblem):
    """A work place that cannot be resolved; ``column`` names the cell to fix (for rejects.xlsx).

    ``problem`` reads after the column name, as :class:`accord.errors.RowProblem` shows it; the
    message itself starts with the column.
    """

    def __init__(self, column: str, problem: str, fix: str) -> None:
        super().__init__(problem, fix)
        self.column = column
        self.args = (f"{column} {problem}. {fix}",)

    def __str__(self) -> str:
        return str(self.args[0])


def _norm(name: str, *, county: bool = False) -> str:
    text = re.sub(r"[.,']", "", name.casefold())
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(city of|town of|village of) ", "", text)
    text = re.sub(r"^saint ", "st ", text)
    if county:
        text = re.sub(r" (county|parish|borough)$", "", text)
    return text


@dataclass
class _Index:
    states: dict[str, str] = field(default_factory=dict)  # "CA" / "california" -> US-CA
    cities: dict[tuple[str, str], str | None] = field(default_factory=dict)  # None: known, no rules
    counties: dict[tuple[str, str], str | None] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # normalised -> as written


_INDEXES: dict[str, _Index] = {}
# Each (rules version, state, city, county) a batch names is resolved once: a batch has few places.
_RESOLVED: dict[tuple[str, str, str | None, str | None], tuple[str, ...]] = {}
_PLACES_KEPT = 10_000


def _index(book: RuleBook) -> _Index:
    index = _Index()
    for place in book.places.values():
        if place.type in ("state", "district"):
            code = place.id[3:]
            index.states[code.casefold()] = place.id
            index.states[_norm(_STATE_NAMES.get(code, place.name))] = place.id
        state = place.id.split("-")[1].casefold() if place.id.count("-") >= 2 else ""
        for city in place.aliases.cities:
            index.cities[(state, _norm(city))] = place.id
            index.labels[(state, _norm(city))] = city
        for county in place.aliases.counties:
            index.counties[(state, _norm(county, county=True))] = place.id
            index.labels[(state, "county " + _norm(county, county=True))] = county
        for member in place.members:
            st = member.state.casefold()
            if member.city:
                index.cities.setdefault((st, _norm(member.city)), None)
            if member.county:
                index.counties.setdefault((st, _norm(member.county, county=True)), None)
    return index


def resolve(
    state: str, city: str | None = None, county: str | None = None, root: Path = DEFAULT_ROOT
) -> tuple[str, ...]:
    """Return the chain of place ids for a work location, most specific first, ending in ``US``.

    Raise PlaceProblem, a ValueProblem (with a did-you-mean suggestion), for an unknown state, or for a city or
    county that is close to, but not exactly, one with local rules.
    """
    book = load_rules(root)
    key = (book.version, state, city, county)
    known = _RESOLVED.get(key)
    if known is not None:
        return known
    if len(_RESOLVED) > _PLACES_KEPT:
        _RESOLVED.clear()
    _RESOLVED[key] = chain = _resolve(book, state, city, county)
    return chain


def _resolve(book: RuleBook, state: str, city: str | None, county: str | None) -> tuple[str, ...]:
    index = _INDEXES.get(book.version)
    if index is None:
        index = _INDEXES[book.version] = _index(book)
    state_id = _state(index, state)
    st = state_id[3:].casefold()
    chain: list[str] = []
    if city and city.strip():
        local = _local(index, index.cities, st, _norm(city), "work_city", city)
        if local:
            chain.append(local)
    if county and county.strip():
        local = _local(index, index.counties, st, _norm(county, county=True), "work_county", county)
        if local and local not in chain:
            chain.append(local)
    # Keep the chain a path towards the state: a locality of another state cannot be on it.
    chain = [c for c in chain if book.place(c).parent == state_id]
    return (*chain, state_id, "US")


def _state(index: _Index, state: str) -> str:
    key = _norm(state or "")
    if key in index.states:
        return index.states[key]
    choices = sorted(index.states)
    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    hint = ""
    if close:
        match = index.states[close[0]]
        hint = f" Did you mean '{match[3:]}' ({_STATE_NAMES.get(match[3:], match)})?"
    raise PlaceProblem(
        "work_state",
        "is not a US state or DC",
        f"Use the two-letter postal code, e.g. 'CA' or 'DC'.{hint}",
    )


def _local(
    index: _Index,
    table: dict[tuple[str, str], str | None],
    st: str,
    key: str,
    column: str,
    written: str,
) -> str | None:
    if (st, key) in table:
        return table[(st, key)]
    known = [name for (s, name), place in table.items() if s == st and place is not None]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
    if close:
        label = index.labels.get((st, close[0])) or index.labels.get(
            (st, "county " + close[0]), close[0]
        )
        raise PlaceProblem(
            column,
            "is not a place Accord knows, but is close to one with local rules",
            f"Did you mean '{label}'? Correct the spelling, or leave {column} empty if the "
            "place has no local rules",
        )
    return None
