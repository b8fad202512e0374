"""The shape of the rule data in ``jurisdictions/*.yaml``, validated with pydantic.

One file is one place. A place holds rules; a rule's ``kind`` says which part of the Python reads
it and so which ``values`` it must carry (each kind has its own values model below). Everything a
lawyer may want to change (day counts, thresholds, clause ids, conditions) is data here; how those
values become dates and findings is in ``deadline.py``, ``offer.py``, ``separation.py`` and
``agreement.py``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from accord.jurisdictions.citation import authority_problem
from accord.records import Kind

# The old stand-in for "start date not recorded": refused, so no rule claims a date it lacks.
SENTINEL = date(1970, 1, 1)
PLACE_ID = re.compile(r"^US(-[A-Z]{2}(-[A-Z0-9]+)*)?$|^US-OTHER-PUBLIC-ONLY$")
CLAUSE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(StrEnum):
    """How well the research supports a fact (from ``shared/reference``)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class When(_Strict):
    """Conditions on the record; a rule (or its clauses) applies only when all given ones hold.

    ``None`` means "either way". ``restrictive`` is true when a separation asks for confidentiality
    or non-disparagement; ``group`` when its program_id is shared by two or more rows (whatever the
    ages); ``owbpa_group`` when that is so and the ADEA waiver rules apply.
    """

    owbpa: bool | None = None
    owbpa_group: bool | None = None
    group: bool | None = None
    restrictive: bool | None = None
    confidentiality: bool | None = None
    # The confidentiality covers the facts of a claim (not only the amount and trade secrets).
    claim_facts: bool | None = None
    non_disparagement: bool | None = None
    neutral_reference: bool | None = None
    noncompete: bool | None = None
    supervisor: bool | None = None
    # Agreements: the issue, concerns or commitments speak of a complaint or a protected trait.
    complaint: bool | None = None
    separation_types: tuple[str, ...] | None = None


# --- values, one model per rule kind -------------------------------------------------------


class NoValues(_Strict):
    """Kinds whose meaning is entirely in their clauses, conditions and summary."""


class OfferResponseValues(_Strict):
    business_days: int = Field(5, ge=1, le=60)


class CheckInValues(_Strict):
    days: tuple[int, ...] = (30, 60, 90)


class OwbpaValues(_Strict):
    min_age: int = Field(40, ge=1)
    min_employees: int = Field(20, ge=1)
    individual_days: int = Field(21, ge=1)
    group_days: int = Field(45, ge=1)
    revocation_days: int = Field(7, ge=1)
    group_clauses: tuple[str, ...] = ()
    # The subsection each clause rests on where the ADEA applies (``<clause>__group`` for a group
    # program); documents cite these, not the whole of § 626(f).
    clause_citations: dict[str, str] = Field(default_factory=dict)


class PeriodValues(_Strict):
    """A consideration or revocation period: ``days`` counted as calendar or business days."""

    days: int = Field(ge=0, le=120)
    unit: Literal["calendar", "business"] = "calendar"
    # A period stated in a clause of its own (Minnesota's rescission): it does not replace the
    # shared revocation period, but the agreement takes effect only after both have run.
    own_clause: str | None = None


class RevisionValues(_Strict):
    """Whether a revised agreement's changes start the consideration period again."""

    restarts: bool


class SalaryHistoryValues(_Strict):
    """``voluntary``: the provision that lets an employer rely on pay history the candidate
    disclosed of their own accord, cited in the finding when pay history was discussed."""

    voluntary: str | None = None


class PayRangeValues(_Strict):
    posting: bool = False
    at_offer: bool = False
    on_request: bool = False
    min_employees: int | None = None


Part = str  # "immediately", "next_payday", "N days", "N business_days"
PART = re.compile(r"^(immediately|next_payday|\d+ (days|business_days))$")


class DeadlineRule(_Strict):
    """When final wages are due: the earliest or latest of some ``parts`` after the last day.

    ``with_notice`` replaces the parts when the employee gave at least ``min_days`` notice.
    ``statutory`` is false where no statute sets a deadline and the parts are common practice.
    """

    parts: tuple[Part, ...]
    combine: Literal["earliest", "latest"] = "earliest"
    with_notice: WithNotice | None = None
    statutory: bool = True

    @field_validator("parts")
    @classmethod
    def _parts_known(cls, parts: tuple[str, ...]) -> tuple[str, ...]:
        for part in parts:
            if not PART.match(part):
                raise ValueError(
                    f"'{part}' is not a deadline part; use immediately, next_payday, "
                    "'N days' or 'N business_days'"
                )
        if not parts:
            raise ValueError("give at least one part")
        return parts


class WithNotice(_Strict):
    min_days: int = Field(ge=1)
    parts: tuple[Part, ...]


class FinalPayValues(_Strict):
    """Deadlines by separation type; ``involuntary`` covers every type not listed on its own."""

    involuntary: DeadlineRule
    resignation: DeadlineRule
    layoff: DeadlineRule | None = None
    mutual: DeadlineRule | None = None


class NoncompeteValues(_Strict):
    status: Literal["banned", "restricted", "permitted"]
    # Annual pay a worker must exceed, by the year the figure applies from (latest not after as_of).
    min_salary_by_year: dict[int, Decimal] = Field(default_factory=dict)
    threshold_unverified: str | None = None
    bans_nonexempt: bool = False
    bans_hourly: bool = False
    bans_separation_types: tuple[str, ...] = ()
    formalities: bool = False
    # The place adjusts the threshold every year; a year past the table is an error, not a guess.
    indexed: bool = False
    # Calendar days the worker must have to review the noncompete before answering the offer.
    review_days: int | None = Field(None, ge=1, le=60)
    # Days the written offer must reach the worker before the first day of work, or the
    # noncompete is void.
    offer_before_start_days: int | None = Field(None, ge=1, le=60)


class ConfidentialityValues(_Strict):
    """How a place restricts confidentiality in separation agreements.

    ``preference``/``request``: only at the employee's documented wish (error without it);
    ``attestation``: signed attestation addendum (warning); ``notice``: required notice (info);
    ``carveout``: required carve-outs (info).
    """

    mode: Literal["preference", "request", "attestation", "notice", "carveout"]


class AtWillValues(_Strict):
    probation_months: int | None = None


class NoticeValues(_Strict):
    """A duty HR must act on outside the documents (e.g. a separation notice form)."""

    code: str = "separation_notice"
    severity: Literal["info", "warning"] = "info"


class RuleKind(StrEnum):
    """Which part of the Python reads a rule."""

    OFFER_RESPONSE = "offer_response"
    CHECK_INS = "check_ins"
    CLAUSES = "clauses"
    OWBPA = "owbpa"
    CONSIDERATION = "consideration"
    REVOCATION = "revocation"
    DEFAULT_CONSIDERATION = "default_consideration"
    NLRA = "nlra_section7"
    SALARY_HISTORY_BAN = "salary_history_ban"
    PAY_RANGE = "pay_range"
    FINAL_PAY = "final_pay"
    NONCOMPETE = "noncompete"
    CONFIDENTIALITY = "confidentiality"
    AT_WILL_LIMITED = "at_will_limited"
    NOTICE = "notice"
    SEPARATE_CONSIDERATION = "separate_consideration"
    NOTE = "note"
    REVISION = "revision"


VALUES: dict[RuleKind, type[BaseModel]] = {
    RuleKind.OFFER_RESPONSE: OfferResponseValues,
    RuleKind.CHECK_INS: CheckInValues,
    RuleKind.CLAUSES: NoValues,
    RuleKind.OWBPA: OwbpaValues,
    RuleKind.CONSIDERATION: PeriodValues,
    RuleKind.REVOCATION: PeriodValues,
    RuleKind.DEFAULT_CONSIDERATION: PeriodValues,
    RuleKind.NLRA: NoValues,
    RuleKind.SALARY_HISTORY_BAN: SalaryHistoryValues,
    RuleKind.PAY_RANGE: PayRangeValues,
    RuleKind.FINAL_PAY: FinalPayValues,
    RuleKind.NONCOMPETE: NoncompeteValues,
    RuleKind.CONFIDENTIALITY: ConfidentialityValues,
    RuleKind.AT_WILL_LIMITED: AtWillValues,
    RuleKind.NOTICE: NoticeValues,
    RuleKind.SEPARATE_CONSIDERATION: NoValues,
    RuleKind.NOTE: NoValues,
    RuleKind.REVISION: RevisionValues,
}


class Rule(_Strict):
    """One rule of one place, with its citation and the dates it is in force."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: RuleKind
    applies_to: tuple[Kind, ...]
    summary: str = Field(min_length=3)
    # The authority (statute, regulation, ordinance, case, agency guidance); None for a house rule.
    citation: str | None = None
    # Research provenance and doubts ("reported by ...", "section not verified"): never in a document.
    notes: str | None = None
    # A choice of ours that no law makes: no citation, and a reason saying why we make it.
    house: bool = False
    reason: str | None = None
    effective_from: date | None = None
    # The law's start date is not in the research, but it was in force before this year began.
    in_force_before: int | None = Field(None, ge=1776, le=2100)
    effective_to: date | None = None
    confidence: Confidence
    values: Any = None
    clauses: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()
    when: When = When()

    @model_validator(mode="after")
    def _check(self) -> Rule:
        model = VALUES[self.kind]
        try:
            values = model.model_validate(self.values or {})
        except ValidationError as exc:
            # Re-raised as one plain message so the loader can name values.<field> for HR.
            first = exc.errors()[0]
            where = ".".join(str(p) for p in ("values", *first["loc"]))
            raise ValueError(
                f"{where}: {str(first['msg']).removeprefix('Value error, ')}"
            ) from None
        object.__setattr__(self, "values", values)
        for clause in (*self.clauses, *self.drops):
            if not CLAUSE_ID.match(clause):
                raise ValueError(f"clause id '{clause}' must be lower_snake_case")
        _check_authority(self.citation, self.house, self.reason)
        _check_dates(self.effective_from, self.in_force_before, self.house)
        if self.effective_to is not None and self.effective_to < self.starts:
            raise ValueError("effective_to is before effective_from")
        return self

    @property
    def starts(self) -> date:
        """Return the first day in force (``date.min`` when only in_force_before is known)."""
        return self.effective_from or date.min

    def in_force(self, on: date) -> bool:
        """Return True when the rule is in force on ``on`` (both ends inclusive)."""
        if on < self.starts:
            return False
        return self.effective_to is None or on <= self.effective_to

    def since(self) -> str:
        """Return when the rule took effect, as ``accord rules`` prints it."""
        if self.effective_from is not None:
            return f"from {self.effective_from.isoformat()}"
        if self.in_force_before is not None:
            return f"in force since before {self.in_force_before}"
        return "house setting"


def _check_authority(citation: str | None, house: bool, reason: str | None) -> None:
    """Raise ValueError unless a rule or clause is cited law or a house choice with its reason."""
    if house:
        if citation:
            raise ValueError(
                "citation: a house rule cites no law; move the text to reason, or set house: false"
            )
        if not reason or len(reason.strip()) < 3:
            raise ValueError("reason: a house rule says why we make this choice; add reason")
        return
    if reason:
        raise ValueError("reason: only a house rule has a reason; use notes, or set house: true")
    if not citation or len(citation.strip()) < 3:
        raise ValueError("citation: Field required")
    problem = authority_problem(citation)
    if problem:
        raise ValueError(
            f"citation: {problem}; cite the statute, regulation, ordinance, case or agency "
            "guidance, and put research provenance in notes"
        )


def _check_dates(effective_from: date | None, before: int | None, house: bool) -> None:
    if effective_from == SENTINEL:
        raise ValueError(
            "effective_from: 1970-01-01 is not the date a law took effect; give the real date, "
            "or in_force_before: YYYY"
        )
    if effective_from is not None and before is not None:
        raise ValueError("in_force_before: give effective_from or in_force_before, not both")
    if effective_from is None and before is None and not house:
        raise ValueError(
            "effective_from: Field required (or in_force_before: YYYY when the start date is "
            "not known)"
        )


class Aliases(_Strict):
    cities: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()


class Member(_Strict):
    city: str | None = None
    county: str | None = None
    state: str = Field(pattern=r"^[A-Z]{2}$")


class Place(_Strict):
    """One jurisdiction file."""

    id: str
    name: str
    type: Literal["federal", "state", "district", "city", "county", "group"]
    parent: str | None = None
    confidence: Confidence
    confidence_notes: str | None = None
    aliases: Aliases = Aliases()
    members: tuple[Member, ...] = ()
    sources: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not PLACE_ID.match(value):
            raise ValueError(f"'{value}' is not a place id like US, US-CA or US-NY-NYC")
        return value

    @model_validator(mode="after")
    def _unique_rules(self) -> Place:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id '{rule.id}' appears twice")
            seen.add(rule.id)
        if self.type != "federal" and self.parent is None and self.type != "group":
            raise ValueError("parent is required for every place but US")
        return self


DeadlineRule.model_rebuild()
