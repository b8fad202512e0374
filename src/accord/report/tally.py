"""What the batch summary shows, gathered one manifest record at a time.

The summary needs counts per place, document type and finding, the deadlines of the coming days and
the deadlines per week; none of that needs every record in memory at once, so the manifest's writer
feeds each record to a :class:`Tally` as it writes it. The deadlines of the coming days are kept one
by one because the summary lists each of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from accord.jurisdictions.terms import TERM_HEADERS
from accord.records import Kind

HORIZON_DAYS = 30
CHART_WEEKS = 26
_LABELS = {kind: dict(headers) for kind, headers in TERM_HEADERS.items()}


def record_deadlines(record: dict[str, Any], kind: Kind) -> Iterator[tuple[date, str]]:
    """Return (yield) every dated deadline of a manifest record as (date, label)."""
    labels = _LABELS[kind]
    for key, value in (record.get("terms") or {}).items():
        days = value if isinstance(value, list) else [value]
        for n, day in enumerate(days, start=1):
            when = _day(day) if isinstance(day, str) else None
            if when is not None:
                yield when, f"Check-in {n}" if key == "check_ins" else labels.get(key, key)


@lru_cache(maxsize=4096)
def _day(text: str) -> date | None:
    # A batch's deadlines fall on a few hundred days at most: each is parsed once.
    if len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _iso_and_week(when: date) -> tuple[str, str]:
    return when.isoformat(), (when - timedelta(days=when.weekday())).isoformat()


def _count_findings(into: dict[str, dict[str, list[Any]]], record: dict[str, Any]) -> None:
    for f in record.get("findings") or []:
        entry = into.setdefault(f["severity"], {}).setdefault(
            f["code"], [0, f["message"], f["citation"]]
        )
        entry[0] += 1


@dataclass
class Tally:
    """Counts and deadlines of one batch, for its summary; fed one record at a time.

    ``head`` holds the manifest's fields other than its records (batch id, input, as-of date,
    versions); ``rejected`` is the manifest's list of rejected rows.
    """

    head: dict[str, Any]
    records: int = 0
    types: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    # severity -> code -> [records, message, citation]; the message and citation are the first
    # seen, records with documents before withheld ones, so they are kept apart until the end.
    found: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    found_withheld: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    # (date, record id, label) of the deadlines from the as-of date to the horizon, unsorted.
    soon: list[tuple[str, str, str]] = field(default_factory=list)
    # chart group -> first day of the week (ISO) -> deadlines that week
    weeks: dict[str, Counter[str]] = field(default_factory=dict)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kind = Kind(self.head["kind"])
        self.as_of = date.fromisoformat(self.head["as_of"])
        self._horizon = self.as_of + timedelta(days=HORIZON_DAYS)
        # The chart's weeks start on Mondays, from the as-of date's week.
        self._chart_end = self.as_of - timedelta(days=self.as_of.weekday(), weeks=-CHART_WEEKS)

    def add(self, record: dict[str, Any]) -> None:
        """Count a record that has documents (a manifest record)."""
        self.records += 1
        for document in record["documents"]:
            self.types[document["type"]] += 1
        self._place(record)
        _count_findings(self.found, record)
        record_id = str(record["record_id"])
        for when, label in record_deadlines(record, self.kind):
            if when < self.as_of:
                continue
            iso, week = _iso_and_week(when)
            if when <= self._horizon:
                self.soon.append((iso, record_id, label))
            if when < self._chart_end:
                group = "Check-ins" if label.startswith("Check-in") else label
                self.weeks.setdefault(group, Counter())[week] += 1

    def add_withheld(self, record: dict[str, Any]) -> None:
        """Count a record whose documents were withheld (its rules found an error)."""
        self._place(record)
        _count_findings(self.found_withheld, record)

    def _place(self, record: dict[str, Any]) -> None:
        self.places[(record.get("jurisdiction") or ["unknown"])[0]] += 1

    def findings(self) -> dict[str, dict[str, list[Any]]]:
        """Return severity -> code -> [records, message, citation] over every record."""
        out = {s: {c: list(v) for c, v in codes.items()} for s, codes in self.found.items()}
        for severity, codes in self.found_withheld.items():
            for code, (n, message, citation) in codes.items():
                out.setdefault(severity, {}).setdefault(code, [0, message, citation])[0] += n
        return out

    def deadlines_soon(self) -> list[tuple[str, str, str]]:
        """Return the deadlines from the as-of date to the horizon as (date, record id, label)."""
        return sorted(self.soon)

    def to_json(self) -> dict[str, Any]:
        """Return the tally as plain JSON data (see :meth:`from_json`)."""
        return {
            "head": self.head,
            "records": self.records,
            "types": dict(self.types),
            "places": dict(self.places),
            "found": self.found,
            "found_withheld": self.found_withheld,
            "soon": self.soon,
            "weeks": {group: dict(counts) for group, counts in self.weeks.items()},
            "rejected": self.rejected,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        """Return the tally that :meth:`to_json` gave ``data`` for."""
        return cls(
            head=data["head"],
            records=data["records"],
            types=Counter(data["types"]),
            places=Counter(data["places"]),
            found=data["found"],
            found_withheld=data["found_withheld"],
            soon=[(d, r, label) for d, r, label in data["soon"]],
            weeks={group: Counter(counts) for group, counts in data["weeks"].items()},
            rejected=data["rejected"],
        )
