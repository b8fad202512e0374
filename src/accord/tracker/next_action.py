"""Accord's suggestion of what to do next with a record, from its Status and dates.

The "Next action" column is Accord's: recomputed on every merge of the master tracker and every
digest, from what HR recorded (Status, Signed on, Check-ins done, Final pay made on) and the record's
deadlines. HR's own words go in Notes, which Accord never rewrites. The suggestion uses no clock (no
"today"): the same tracker gives the same suggestions, and the digest says what is overdue.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from accord.tracker.layout import (
    CHECK_INS_DONE,
    FINAL_PAY_MADE,
    KIND,
    NEXT_ACTION,
    SIGNED,
    SIGNED_ON,
    STATUS,
    check_in_header,
)

# Status -> the suggestion once the record is closed or revoked.
_CLOSED = {
    "Complete": "None: complete",
    "Withdrawn": "None: withdrawn by the company",
    "Declined": "None: the candidate declined",
    "Revoked": "None: revoked",
    "Awaiting approval": "Await counsel's approval (accord approve)",
    "Held": "None: held back at approval (see accord audit show)",
    "Rejected": "None: rejected at approval (see accord audit show)",
}
# kind -> (what to do while unsigned, status Draft / Sent, the deadline's words, its column)
_UNSIGNED = {
    "offers": ("Send the offer", "Chase the answer", "answer due", "Respond by"),
    "separations": (
        "Send the agreement",
        "Await the signature",
        "consideration ends",
        "Consider until",
    ),
    "agreements": ("Send the agreement", "Collect both signatures", "effective", "Effective date"),
}


# How every suggestion Accord writes (or wrote, before Next action was its own) begins.
_ACCORD_WORDS = re.compile(
    r"^(Send the offer|Send the agreement|Chase the answer|Await the signature|"
    r"Collect both signatures|Signed: |None: |Await counsel's approval|Superseded by )"
)
KEPT_PREFIX = "Was in Next action: "


def hr_words(value: Any) -> str | None:
    """Return the text HR wrote in a Next action cell; ``None`` when empty or Accord's own.

    Next action was HR's column before it was Accord's: what HR wrote there moves to Notes once,
    rather than being overwritten.
    """
    text = "" if value is None else str(value).strip()
    if not text or _ACCORD_WORDS.match(text):
        return None
    return text


def day_of(value: Any) -> date | None:
    """Return the date a cell holds; ``None`` when it holds none (empty, text, a number)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def status_of(row: dict[str, Any]) -> str:
    """Return a row's Status as the dropdown spells it (HR may type "signed" or "SIGNED")."""
    value = row.get(STATUS)
    return "" if value is None else str(value).strip().capitalize()


def is_signed(row: dict[str, Any]) -> bool:
    """Return True when HR marked the row Signed (or Complete) or recorded a signing date."""
    return status_of(row) in SIGNED or day_of(row.get(SIGNED_ON)) is not None


def check_ins_done(row: dict[str, Any]) -> int:
    """Return how many check-ins HR recorded as done (0 when blank or not a number)."""
    value = row.get(CHECK_INS_DONE)
    try:
        return int(float(str(value).strip() or 0)) if value is not None else 0
    except ValueError:
        return 0


def _signed_action(kind: str, row: dict[str, Any]) -> str:
    if kind == "separations":
        final_pay = day_of(row.get("Final pay due"))
        if final_pay and row.get(FINAL_PAY_MADE) in (None, ""):
            return f"Signed: make final pay by {final_pay.isoformat()}"
        revocation = day_of(row.get("Revocation ends"))
        if revocation:
            return f"Signed: revocation window closes {revocation.isoformat()}, then mark Complete"
        return "Signed: mark Complete when done"
    due = day_of(row.get(check_in_header(check_ins_done(row) + 1)))
    if due:
        return f"Signed: check in on {due.isoformat()}"
    return "Signed: mark Complete when done"


def suggest(row: dict[str, Any]) -> str:
    """Return the next action for a tracker row (header -> value), in a few words with its date.

    An empty string means Accord has no suggestion (a row of a kind it does not know).
    """
    status = status_of(row)
    if status == "Superseded":
        # Which version replaced it is written once, when it is superseded (tracker.supersede).
        kept = str(row.get(NEXT_ACTION) or "")
        return kept if kept.startswith("Superseded by ") else "None: superseded by a later version"
    if status in _CLOSED:
        return _CLOSED[status]
    kind = str(row.get(KIND) or "").strip()
    if kind not in _UNSIGNED:
        return ""
    if is_signed(row):
        return _signed_action(kind, row)
    draft, sent, words, column = _UNSIGNED[kind]
    action = sent if status == "Sent" else draft
    due = day_of(row.get(column))
    return f"{action}; {words} {due.isoformat()}" if due else action
