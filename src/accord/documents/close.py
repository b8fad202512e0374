"""The close of a negotiation as counsel reads it: every concern and resolution, flagged.

Concerns and resolutions that speak of a complaint, harassment, discrimination, a protected
trait, leave or pay are flagged in the negotiation summary and reported as the finding
``sensitive_concern``; they appear in no document the person receives. A resolution that
promises something the agreement does not contain (a reference, outplacement) is the warning
``resolution_not_in_agreement``. Topics and promises are words in
``templates/negotiation_summary/wording.yaml``; findings name topics and positions, never the
text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from accord.documents.wording import fill_text, wording
from accord.jurisdictions import Finding, Severity
from accord.records import Record

_HOUSE = "House rule (templates/negotiation_summary/wording.yaml): "


@cache
def _patterns(root: Path, key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    topics = wording(root, "negotiation_summary", "common")[key]
    return tuple(
        (str(topic), re.compile(r"\b(?:" + "|".join(re.escape(str(s)) for s in stems) + ")", re.I))
        for topic, stems in topics.items()
    )


def topic_of(text: str, root: Path) -> str:
    """Return the first sensitive topic ``text`` speaks of ("harassment"); empty when none."""
    return next((t for t, pattern in _patterns(root, "sensitive") if pattern.search(text)), "")


def rows(record: Record, owner: str, root: Path) -> list[dict[str, str]]:
    """Return the summary's concern rows: every concern and every resolution, each flagged.

    A resolution beyond the last concern gets a row of its own; a concern without a resolution
    says who follows up. ``flag`` is empty unless the row speaks of a sensitive topic.
    """
    common = wording(root, "negotiation_summary", "common")
    where = "negotiation_summary/wording.yaml (common)"
    concerns, resolutions = list(record.concerns), list(record.resolutions)
    if not concerns and not resolutions:
        return [{"concern": str(common["no_concerns"]), "resolution": "", "flag": ""}]
    open_text = fill_text(str(common["no_resolution"]), {"owner": owner}, where)
    out = []
    for i in range(max(len(concerns), len(resolutions))):
        concern = concerns[i] if i < len(concerns) else str(common["no_concern"])
        resolution = resolutions[i] if i < len(resolutions) and resolutions[i] else open_text
        topic = topic_of(f"{concern}\n{resolution}", root)
        flag = fill_text(str(common["sensitive_flag"]), {"topic": topic}, where) if topic else ""
        out.append({"concern": concern, "resolution": resolution, "flag": flag})
    return out


def findings(record: Record, agreement_text: str, root: Path) -> list[Finding]:
    """Return the close's findings for ``record``: sensitive concerns, and resolutions that
    promise what ``agreement_text`` (the signing document's clauses) does not contain."""
    out = []
    pairs = [("Concern", i, t) for i, t in enumerate(record.concerns, start=1)]
    pairs += [("Resolution", i, t) for i, t in enumerate(record.resolutions, start=1)]
    for what, number, text in pairs:
        topic = topic_of(text, root)
        if topic:
            out.append(
                Finding(
                    "sensitive_concern",
                    Severity.WARNING,
                    f"{what} {number} speaks of {topic}: it stays in the negotiation summary "
                    "(internal) and out of every document the person receives. Ask counsel "
                    "whether it needs handling of its own.",
                    _HOUSE + "concerns of this kind are for HR and counsel only.",
                )
            )
    for number, text in enumerate(record.resolutions, start=1):
        for promise, pattern in _patterns(root, "promises"):
            if pattern.search(text) and not pattern.search(agreement_text):
                out.append(
                    Finding(
                        "resolution_not_in_agreement",
                        Severity.WARNING,
                        f"Resolution {number} promises {promise}, which the agreement does not "
                        "contain. Add it to the agreement, or tell the person it is not part "
                        "of it.",
                        _HOUSE + "the agreement controls; a promise outside it is easily lost.",
                    )
                )
                break
    return out


def agreement_text(ctx: dict[str, Any]) -> str:
    """Return the clause text of the signing document in ``ctx``, to check promises against."""
    return "\n".join(f"{c['heading']}\n{c['text']}\n{c.get('quote') or ''}" for c in ctx["clauses"])
