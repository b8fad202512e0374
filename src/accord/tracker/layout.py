"""What the trackers show: column headers, who owns each column, and which columns are deadlines.

The batch tracker, the master tracker and the digest all find columns by header text, never by
position, so HR may move, hide or add columns without breaking the next run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from accord.jurisdictions.terms import TERM_HEADERS
from accord.records import Kind

# "Declined": the candidate said no; "Withdrawn": the company withdrew.
STATUSES = (
    "Awaiting approval",
    "Ready to send",
    "Held",
    "Rejected",
    "Draft",
    "Sent",
    "Signed",
    "Declined",
    "Revoked",
    "Complete",
    "Withdrawn",
    "Superseded",
)
# The statuses Accord sets (issue 18's approval); HR sets the others. Accord changes a row's Status
# only while it is one of these, so HR's Sent or Signed is never overwritten. ("Draft": before.)
ACCORD_STATUSES = frozenset({"Awaiting approval", "Ready to send", "Held", "Rejected", "Draft"})
# "Superseded": a later version of the record replaced this row (issue 19); nothing is due.
CLOSED = frozenset({"Complete", "Withdrawn", "Declined", "Superseded"})
SIGNED = frozenset({"Signed", "Complete"})

RECORD_ID = "Record ID"
NAME = "Name"
OWNER = "Owner"
OWNER_OVERRIDE = "Owner override"
STATUS = "Status"
NEXT_ACTION = "Next action"
NOTES = "Notes"
SENT_ON = "Sent on"
SIGNED_ON = "Signed on"
FINAL_PAY_MADE = "Final pay made on"
CHECK_INS_DONE = "Check-ins done"
FINDINGS = "Findings"
SEVERITY = "Highest severity"
PLACE = "Place"
KIND = "Kind"
BATCH = "Batch"
VERSION = "Version"
PREVIOUS = "Previous version"  # the batch of the version this one replaces
REDLINE = "Redline"
SOURCE = "Source file"
AS_OF = "Rules as of"
RULES = "Rules version"
TEMPLATES = "Templates version"
PRESENT = "In latest file"

# The day a record's work starts: after it, check-ins count even if nobody marked it Signed.
START_HEADERS = ("Start date", "Effective date")

# Columns HR fills in. Accord writes them once, when a record first appears, and never again.
# (Next action is Accord's: recomputed from Status and dates on every merge and digest.)
HR_OWNED = frozenset(
    {
        OWNER_OVERRIDE,
        STATUS,
        NOTES,
        SENT_ON,
        SIGNED_ON,
        FINAL_PAY_MADE,
        CHECK_INS_DONE,
    }
)
MIN_CHECK_INS = 3
# "Due soon": from today to the third business day after it (digest and tracker highlighting).
SOON_BUSINESS_DAYS = 3
_CHECK_IN = re.compile(r"^Check-in (\d+)$")


@dataclass(frozen=True)
class DeadlineColumn:
    """One deadline column and when it stops needing action.

    ``done_statuses`` end it; so does a date in ``done_column``. ``after_signing`` deadlines matter
    only once the record is signed, or with ``or_started`` also once its start date has passed (an
    unsigned offer has one live deadline, its answer date). ``stays_overdue`` is False for dates that simply pass (a start
    date is not "overdue"), which are shown only while they are coming up.
    """

    header: str
    what: str
    done_statuses: frozenset[str] = frozenset()
    done_column: str | None = None
    after_signing: bool = False
    or_started: bool = False
    stays_overdue: bool = True
    check_in: int = 0


HAS_CHECK_INS = frozenset({Kind.OFFERS, Kind.AGREEMENTS})

DEADLINES: dict[str, DeadlineColumn] = {
    d.header: d
    for d in (
        DeadlineColumn(
            "Respond by",
            "Offer answer due (not signed yet)",
            frozenset({"Signed", "Revoked"}),
            SIGNED_ON,
        ),
        DeadlineColumn(
            "Start date",
            "Start date",
            frozenset({"Revoked"}),
            after_signing=True,
            stays_overdue=False,
        ),
        DeadlineColumn(
            "Consider until",
            "Consideration period ends (not signed yet)",
            frozenset({"Signed", "Revoked"}),
            SIGNED_ON,
        ),
        DeadlineColumn(
            "Revocation ends",
            "Revocation window closes",
            frozenset({"Revoked"}),
            after_signing=True,
            stays_overdue=False,
        ),
        DeadlineColumn("Final pay due", "Final pay due", done_column=FINAL_PAY_MADE),
        DeadlineColumn(
            "Effective date", "Agreement takes effect", frozenset({"Revoked"}), stays_overdue=False
        ),
    )
}


def check_in_header(n: int) -> str:
    """Return the header of the ``n``-th check-in column (1-based)."""
    return f"Check-in {n}"


def deadline_for(header: str) -> DeadlineColumn | None:
    """Return the deadline a column holds; ``None`` when the column is not a deadline."""
    if header in DEADLINES:
        return DEADLINES[header]
    match = _CHECK_IN.match(header)
    if match:
        n = int(match.group(1))
        return DeadlineColumn(
            header,
            f"Check-in {n} due",
            done_column=CHECK_INS_DONE,
            after_signing=True,
            or_started=True,
            check_in=n,
        )
    return None


def headers_for(kind: Kind, check_ins: int, documents: list[str]) -> list[str]:
    """Return the batch tracker's headers for ``kind``, in order (``documents``: link headers)."""
    terms = [header for _, header in TERM_HEADERS[kind]]
    done = [SENT_ON, SIGNED_ON]
    if kind in HAS_CHECK_INS:
        terms += [check_in_header(n) for n in range(1, max(check_ins, MIN_CHECK_INS) + 1)]
        done.append(CHECK_INS_DONE)
    if kind is Kind.SEPARATIONS:
        done.append(FINAL_PAY_MADE)
    return [
        RECORD_ID,
        NAME,
        OWNER,
        OWNER_OVERRIDE,
        STATUS,
        NEXT_ACTION,
        *terms,
        *done,
        NOTES,
        FINDINGS,
        SEVERITY,
        PLACE,
        *documents,
        KIND,
        BATCH,
        VERSION,
        PREVIOUS,
        SOURCE,
        AS_OF,
    ]


def document_header(name: str, doc_type: str = "") -> str:
    """Return the link column header of one document, from its file stem and type.

    ``offer_letter`` -> ``Offer letter``; a type that repeats in a set names the one it is:
    ``appreciation_letter_party_a`` (type ``appreciation_letter``) -> ``Appreciation letter (party A)``.
    """
    base, rest = name, ""
    if doc_type and name.startswith(doc_type + "_"):
        base, rest = doc_type, name[len(doc_type) + 1 :]
    words = base.replace("_", " ").strip()
    header = words[:1].upper() + words[1:]
    if rest:
        extra = " ".join(w.upper() if len(w) == 1 else w for w in rest.split("_") if w)
        header += f" ({extra})"
    return header


def sheet_title(kind: Kind) -> str:
    """Return the worksheet title a kind's rows live on (``Offers``)."""
    return kind.value.capitalize()


def header_map(cells: Iterable[Any]) -> dict[str, int]:
    """Return header text -> column number (1-based) of a sheet's header row.

    ``cells`` are the row's cells in order (openpyxl's or the streaming reader's; ``None`` for an
    empty one) or its plain values (calamine's). Text is stripped, empty headers are left out, and of two equal headers the last
    counts. The batch tracker, the master merge, the digest and the status updates all find
    their columns through this one map.
    """
    found: dict[str, int] = {}
    for col, cell in enumerate(cells, start=1):
        value = cell.value if hasattr(cell, "value") else cell
        text = "" if value is None else str(value).strip()
        if text:
            found[text] = col
    return found


def effective_owner(row: dict[str, Any]) -> str:
    """Return who follows a row up: HR's owner override, else the owner from the input."""
    for header in (OWNER_OVERRIDE, OWNER):
        value = row.get(header)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""
