"""Typed records: one per accepted spreadsheet row, for each of the three batch kinds.

Intake builds these from cells; rules, documents and trackers read them. They are plain data,
serialisable to JSON lines so that Prefect tasks can pass a staging path and chunk bounds instead of
personal data (see :func:`to_json` and :func:`from_json`).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from accord import json_line


class Kind(StrEnum):
    """The three batch kinds; the value is the file-name prefix HR uses (``offers_june.xlsx``)."""

    OFFERS = "offers"
    SEPARATIONS = "separations"
    AGREEMENTS = "agreements"


@dataclass(frozen=True)
class Record:
    """What every record has: where it came from, who it is, and where the person works."""

    kind: ClassVar[Kind]
    id_column: ClassVar[str]

    row: int  # Excel row number as Excel shows it (header is row 1 unless the sheet says otherwise)
    sheet: str
    record_id: str
    work_state: str  # two-letter code, e.g. "CA"; "DC" for the District of Columbia
    work_city: str | None = None
    work_county: str | None = None
    concerns: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()
    owner: str | None = None


@dataclass(frozen=True)
class Offer(Record):
    """A candidate's negotiated job offer."""

    kind: ClassVar[Kind] = Kind.OFFERS
    id_column: ClassVar[str] = "candidate_id"

    candidate_name: str = ""
    job_title: str = ""
    base_salary: Decimal = Decimal(0)
    start_date: date | None = None
    candidate_email: str | None = None
    candidate_address: str | None = None  # printed under the name on the letter when given
    department: str | None = None
    hiring_manager: str | None = None
    remote: bool | None = None
    employment_type: str | None = None  # full_time, part_time, temporary
    exempt: bool | None = None
    pay_basis: str = "annual"  # annual or hourly
    pay_range_min: Decimal | None = None
    pay_range_max: Decimal | None = None
    sign_on_bonus: Decimal | None = None
    bonus_target_pct: Decimal | None = None
    equity: str | None = None
    offer_date: date | None = None
    respond_by: date | None = None
    # Accepted so the rules can flag it; never rendered, tracked or logged anywhere.
    prior_salary: Decimal | None = field(default=None, repr=False)
    noncompete: bool | None = None

    @property
    def name(self) -> str:
        """Return the person's name as it should appear in documents and trackers."""
        return self.candidate_name


@dataclass(frozen=True)
class Separation(Record):
    """An employee leaving, with or without severance."""

    kind: ClassVar[Kind] = Kind.SEPARATIONS
    id_column: ClassVar[str] = "employee_id"

    employee_name: str = ""
    job_title: str = ""
    separation_date: date | None = None
    separation_type: str = "other"  # layoff, mutual, performance, resignation, other
    employee_email: str | None = None
    employee_address: str | None = None  # printed under the name on the agreement when given
    department: str | None = None
    date_of_birth: date | None = field(default=None, repr=False)
    age: int | None = field(default=None, repr=False)
    hire_date: date | None = None
    notice_date: date | None = None
    program_id: str | None = None
    supervisor: str | None = None
    base_salary: Decimal | None = None
    severance_amount: Decimal | None = None
    severance_weeks: Decimal | None = None
    cobra_months: int | None = None
    pto_payout: Decimal | None = None
    next_payday: date | None = None
    confidentiality: bool | None = None
    employee_requested_confidentiality: bool | None = None
    # The confidentiality covers the facts of a claim (NY GOL § 5-336, 820 ILCS 96/1-30 apply).
    confidential_claim_facts: bool | None = None
    confidentiality_consideration: Decimal | None = None
    non_disparagement: bool | None = None
    neutral_reference: bool | None = None
    noncompete: bool | None = None
    is_supervisor: bool | None = None

    @property
    def name(self) -> str:
        """Return the person's name as it should appear in documents and trackers."""
        return self.employee_name


@dataclass(frozen=True)
class DecisionalUnitMember:
    """One person considered for a group termination program (OWBPA disclosure exhibit)."""

    program_id: str
    job_title: str
    age: int
    selected: bool
    row: int = 0
    # HR's description of the program (29 C.F.R. § 1625.22(f)(1)(iii)): the group considered and
    # how people were selected; given on at least one row of each program.
    decisional_unit: str | None = None
    eligibility_factors: str | None = None


@dataclass(frozen=True)
class Agreement(Record):
    """A mediated agreement between two staff members."""

    kind: ClassVar[Kind] = Kind.AGREEMENTS
    id_column: ClassVar[str] = "case_id"

    party_a_name: str = ""
    party_b_name: str = ""
    issue_summary: str = ""
    party_a_commitments: tuple[str, ...] = ()
    party_b_commitments: tuple[str, ...] = ()
    party_a_title: str | None = None
    party_b_title: str | None = None
    mediator: str | None = None
    shared_commitments: tuple[str, ...] = ()
    effective_date: date | None = None
    check_in_days: tuple[int, ...] = (30, 60, 90)

    @property
    def name(self) -> str:
        """Return both parties' names, for trackers."""
        return f"{self.party_a_name} / {self.party_b_name}"


RECORD_TYPES: dict[Kind, type[Record]] = {
    Kind.OFFERS: Offer,
    Kind.SEPARATIONS: Separation,
    Kind.AGREEMENTS: Agreement,
}


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def to_data(record: Record) -> dict[str, Any]:
    """Return the record as plain JSON data (dates and amounts as text), its kind included."""
    data = {f.name: _encode(getattr(record, f.name)) for f in dataclasses.fields(record)}
    data["kind"] = record.kind.value
    return data


def to_json(record: Record) -> str:
    """Return one JSON line holding the record, its kind included."""
    return json_line.dumps(to_data(record))


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(inner[0], value)
    if origin is tuple:
        (item_type, *_rest) = typing.get_args(tp)
        return tuple(_decode(item_type, v) for v in value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is Decimal:
        return Decimal(value)
    return value


@functools.cache
def _hints(kind: Kind) -> dict[str, Any]:
    # Resolving annotations costs far more than decoding a record: once per kind.
    return typing.get_type_hints(RECORD_TYPES[kind])


def from_json(line: str) -> Record:
    """Return the record that :func:`to_json` wrote."""
    data = json_line.loads(line)
    kind = Kind(data.pop("kind"))
    cls, hints = RECORD_TYPES[kind], _hints(kind)
    return cls(**{k: _decode(hints[k], v) for k, v in data.items()})
