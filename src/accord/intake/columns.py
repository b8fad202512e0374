"""The one place that owns column names: canonical names, their aliases, and how each is parsed.

Headers match ignoring case, spaces and punctuation, so ``Candidate ID``, ``candidate_id`` and
``CANDIDATE-ID`` are the same column. ``inputs/README.md`` lists every column and alias given here;
a test keeps the two in step.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from accord.errors import ValueProblem
from accord.intake import values as v
from accord.intake.dates import a_date
from accord.records import Kind

Parser = Callable[[v.Cell, bool], Any]  # (raw cell, workbook uses the 1904 date system)


@dataclass(frozen=True)
class Column:
    """One canonical column: its parser, whether it is required, and the other names HR uses."""

    name: str
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()
    private: bool = False  # never shown anywhere, not even in rejects.xlsx


def key(header: str) -> str:
    """Return the form headers are compared in: case-folded, without spaces or punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", header).casefold())


def _text(raw: v.Cell, _1904: bool) -> str | None:
    return v.text(raw)


def _long_text(raw: v.Cell, _1904: bool) -> str | None:
    return v.text(raw, multiline=True)


def _id(raw: v.Cell, _1904: bool) -> str | None:
    return v.identifier(raw)


def _money(raw: v.Cell, _1904: bool) -> Any:
    return v.money(raw)


def _date(raw: v.Cell, date1904: bool) -> Any:
    return a_date(raw, date1904)


def _bool(raw: v.Cell, _1904: bool) -> bool | None:
    return v.boolean(raw)


def _list(raw: v.Cell, _1904: bool) -> tuple[str, ...]:
    return v.text_list(raw)


def _state(raw: v.Cell, _1904: bool) -> str | None:
    return v.state(raw)


def _email(raw: v.Cell, _1904: bool) -> str | None:
    return v.email(raw)


def _exempt(raw: v.Cell, _1904: bool) -> bool | None:
    # Workday exports the FLSA status as words rather than yes/no.
    if isinstance(raw, str) and key(raw) in ("exempt", "nonexempt"):
        return key(raw) == "exempt"
    return v.boolean(raw)


def _options(mapping: dict[str, str]) -> Parser:
    def parse(raw: v.Cell, _1904: bool) -> str | None:
        return v.choice(raw, mapping)

    return parse


_EMPLOYMENT = {"full_time": "full_time", "ft": "full_time", "fulltime regular": "full_time"}
_EMPLOYMENT |= {"part_time": "part_time", "pt": "part_time", "part time regular": "part_time"}
_EMPLOYMENT |= {"temporary": "temporary", "temp": "temporary", "seasonal": "temporary"}
_PAY_BASIS = {"annual": "annual", "annually": "annual", "yearly": "annual", "salary": "annual"}
_PAY_BASIS |= {"salaried": "annual", "hourly": "hourly", "hour": "hourly", "per hour": "hourly"}
_SEPARATION = {"layoff": "layoff", "rif": "layoff", "reduction in force": "layoff"}
_SEPARATION |= {"position eliminated": "layoff", "mutual": "mutual", "mutual agreement": "mutual"}
_SEPARATION |= {"performance": "performance", "resignation": "resignation"}
_SEPARATION |= {"resigned": "resignation", "voluntary": "resignation", "other": "other"}


def _age(raw: v.Cell, _1904: bool) -> int | None:
    return v.whole_number(raw, 14, 120)


def _months(raw: v.Cell, _1904: bool) -> int | None:
    return v.whole_number(raw, 0, 36)


def _number(raw: v.Cell, _1904: bool) -> Any:
    return v.number(raw)


def _percent(raw: v.Cell, _1904: bool) -> Any:
    return v.percent(raw)


def _days(raw: v.Cell, _1904: bool) -> tuple[int, ...] | None:
    return v.day_counts(raw)


_PLACE = (
    Column("work_state", _state, True, ("state", "work state", "location state", "jurisdiction")),
    Column("work_city", _text, aliases=("city", "work city", "location city")),
    Column("work_county", _text, aliases=("county", "work county", "location county")),
)
_CLOSING = (
    Column("concerns", _list, aliases=("concerns raised", "issues raised", "objections")),
    Column("resolutions", _list, aliases=("resolution", "how resolved", "responses")),
)

OFFER_COLUMNS: tuple[Column, ...] = (
    Column("candidate_id", _id, True, ("candidate id", "applicant id", "candidate number")),
    Column("candidate_name", _text, True, ("name", "candidate name", "full name", "candidate")),
    Column("candidate_email", _email, aliases=("email", "e-mail", "candidate email")),
    Column("candidate_address", _text, aliases=("address", "home address", "mailing address")),
    Column("job_title", _text, True, ("title", "position", "job", "position title")),
    Column("department", _text, aliases=("dept", "team")),
    Column("hiring_manager", _text, aliases=("manager", "hiring manager")),
    *_PLACE,
    Column("remote", _bool, aliases=("is remote", "remote work")),
    Column("employment_type", _options(_EMPLOYMENT), aliases=("employment type", "worker type")),
    Column("exempt", _exempt, aliases=("flsa exempt", "flsa status")),
    Column("base_salary", _money, True, ("salary", "base salary", "base pay", "annual salary")),
    Column("pay_basis", _options(_PAY_BASIS), aliases=("pay basis", "pay type")),
    Column("pay_range_min", _money, aliases=("pay range min", "salary range min", "range min")),
    Column("pay_range_max", _money, aliases=("pay range max", "salary range max", "range max")),
    Column("sign_on_bonus", _money, aliases=("sign-on bonus", "signing bonus")),
    Column("bonus_target_pct", _percent, aliases=("bonus target", "target bonus", "bonus %")),
    Column("equity", _text, aliases=("stock", "rsus", "options")),
    Column("start_date", _date, True, ("start date", "start", "anticipated start date")),
    Column("offer_date", _date, aliases=("offer date", "date of offer")),
    Column("respond_by", _date, aliases=("respond by", "response deadline", "offer expires")),
    Column(
        "prior_salary",
        _money,
        aliases=("current salary", "salary history", "previous salary", "prior salary"),
        private=True,
    ),
    Column("noncompete", _bool, aliases=("non-compete", "non compete")),
    *_CLOSING,
    Column("owner", _text, aliases=("recruiter", "hr owner")),
)

SEPARATION_COLUMNS: tuple[Column, ...] = (
    Column("employee_id", _id, True, ("employee id", "employee number", "worker id", "emp id")),
    Column("employee_name", _text, True, ("name", "employee name", "full name", "employee")),
    Column("employee_email", _email, aliases=("email", "e-mail", "work email")),
    Column("employee_address", _text, aliases=("address", "home address", "mailing address")),
    Column("job_title", _text, True, ("title", "position", "job", "position title")),
    Column("department", _text, aliases=("dept", "team")),
    *_PLACE,
    Column("date_of_birth", _date, aliases=("dob", "birth date", "birthdate")),
    Column("age", _age, aliases=("age at separation",)),
    Column("hire_date", _date, aliases=("hire date", "date of hire", "original hire date")),
    Column("separation_date", _date, True, ("termination date", "term date", "last day")),
    Column("notice_date", _date, aliases=("notice date", "date given", "agreement given")),
    Column(
        "separation_type",
        _options(_SEPARATION),
        True,
        ("separation type", "termination type", "type"),
    ),
    Column("program_id", _id, aliases=("program", "program id", "group program", "rif id")),
    Column("supervisor", _text, aliases=("manager", "supervisor name")),
    Column("is_supervisor", _bool, aliases=("is supervisor", "people manager")),
    Column("base_salary", _money, aliases=("salary", "base salary", "base pay", "annual salary")),
    Column("severance_amount", _money, aliases=("severance", "severance pay")),
    Column("severance_weeks", _number, aliases=("weeks of severance", "severance weeks")),
    Column("cobra_months", _months, aliases=("cobra", "cobra months")),
    Column("pto_payout", _money, aliases=("pto payout", "vacation payout", "accrued pto")),
    Column("next_payday", _date, aliases=("next payday", "next pay date")),
    Column("confidentiality", _bool, aliases=("confidentiality clause",)),
    Column(
        "employee_requested_confidentiality",
        _bool,
        aliases=("employee requested confidentiality", "requested confidentiality"),
    ),
    Column(
        "confidential_claim_facts",
        _bool,
        aliases=("confidential claim facts", "claim facts confidential", "nda covers claim facts"),
    ),
    Column(
        "confidentiality_consideration",
        _money,
        aliases=("confidentiality consideration", "confidentiality payment"),
    ),
    Column("non_disparagement", _bool, aliases=("non-disparagement", "nondisparagement")),
    Column("noncompete", _bool, aliases=("non-compete", "non compete")),
    *_CLOSING,
    Column("owner", _text, aliases=("hr owner", "hr partner", "hrbp")),
)

AGREEMENT_COLUMNS: tuple[Column, ...] = (
    Column("case_id", _id, True, ("case id", "case number", "case", "matter id")),
    Column("party_a_name", _text, True, ("party a", "party a name", "first party")),
    Column("party_a_title", _text, aliases=("party a title", "party a position")),
    Column("party_b_name", _text, True, ("party b", "party b name", "second party")),
    Column("party_b_title", _text, aliases=("party b title", "party b position")),
    Column("mediator", _text, aliases=("facilitator", "mediated by")),
    *_PLACE,
    Column("issue_summary", _long_text, True, ("issue", "summary", "issue summary", "dispute")),
    Column("party_a_commitments", _list, True, ("party a commitments", "party a agrees")),
    Column("party_b_commitments", _list, True, ("party b commitments", "party b agrees")),
    Column("shared_commitments", _list, aliases=("shared commitments", "joint commitments")),
    Column("effective_date", _date, aliases=("effective date", "agreement date", "date")),
    Column("check_in_days", _days, aliases=("check-in days", "check ins", "follow-up days")),
    *_CLOSING,
    Column("owner", _text, aliases=("hr owner", "case owner")),
)

DECISIONAL_UNIT_COLUMNS: tuple[Column, ...] = (
    Column("program_id", _id, True, ("program", "program id", "group program")),
    Column("job_title", _text, True, ("title", "position", "job")),
    Column("age", _age, True, ("age",)),
    Column("selected", _bool, True, ("selected for termination", "chosen", "terminated")),
    Column(
        "decisional_unit",
        _long_text,
        aliases=("decisional unit", "group considered", "decisional unit description"),
    ),
    Column(
        "eligibility_factors",
        _long_text,
        aliases=("eligibility factors", "selection criteria", "eligibility", "selection factors"),
    ),
)

COLUMNS: dict[Kind, tuple[Column, ...]] = {
    Kind.OFFERS: OFFER_COLUMNS,
    Kind.SEPARATIONS: SEPARATION_COLUMNS,
    Kind.AGREEMENTS: AGREEMENT_COLUMNS,
}
DECISIONAL_UNIT_SHEET = "decisional unit"


@dataclass(frozen=True)
class HeaderMatch:
    """Which sheet column holds each canonical column, and the headers nobody recognised."""

    positions: dict[str, int]
    unknown: tuple[str, ...]
    missing: tuple[str, ...]  # required columns not found


def lookup(columns: Sequence[Column]) -> dict[str, Column]:
    """Return every spelling of every column, by :func:`key`, mapped to its column."""
    table: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.name, *column.aliases):
            table[key(spelling)] = column
    return table


def match(headers: Sequence[str], columns: Sequence[Column]) -> HeaderMatch:
    """Return where each known column sits; raise ``ValueProblem`` when two headers mean one."""
    table = lookup(columns)
    positions: dict[str, int] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        if not header.strip():
            continue
        column = table.get(key(header))
        if column is None:
            unknown.append(header.strip())
        elif column.name in positions:
            raise ValueProblem(
                f"Columns '{seen[column.name]}' and '{header.strip()}' both mean {column.name}",
                "Keep one of them and drop the file again.",
            )
        else:
            positions[column.name] = index
            seen[column.name] = header.strip()
    missing = tuple(c.name for c in columns if c.required and c.name not in positions)
    return HeaderMatch(positions, tuple(unknown), missing)


def suggest(header: str, columns: Sequence[Column]) -> str | None:
    """Return the known name or alias closest to ``header``; ``None`` when nothing is close."""
    spellings = {key(s): s for c in columns for s in (*c.aliases, c.name)}
    close = difflib.get_close_matches(key(header), list(spellings), n=1, cutoff=0.75)
    return spellings[close[0]] if close else None


def unrecognised(header: str, columns: Sequence[Column]) -> str:
    """Return the sentence that says a header is unknown, with a suggestion when one is close."""
    hint = suggest(header, columns)
    tail = f" Did you mean '{hint}'?" if hint else ""
    return f"Column '{header}' is not recognised.{tail}"
