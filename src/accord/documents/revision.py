"""The negotiation summary's part for a revised version: what changed, the period, the answer date.

A counter-offer or a revised separation is version N of a record. Its summary lists the changes
from version N-1's signing copy (:mod:`accord.documents.changes`), says whether the days to
consider start again (the rule data's ``consideration_restarts``, with its citation: the summary
is for HR and counsel) and gives the new answer date. The concerns behind the changes are the
summary's own table, from the row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.documents.wording import fill_text, wording


def revision_view(
    ctx: dict[str, Any], terms: dict[str, Any], root: Path, revision: dict[str, Any]
) -> dict[str, Any]:
    """Return ``summary.revision`` for the template: heading, changes, period and answer lines.

    ``revision`` holds ``version``, ``previous`` (its number) and ``changes`` (lines); ``terms``
    the determination's terms (``consideration_restarts`` and its citation for separations).
    """
    text = wording(root, "negotiation_summary", "common")["revision"]
    where = "negotiation_summary/wording.yaml (common: revision)"
    numbers = {"version": str(revision["version"]), "previous": str(revision["previous"])}
    values = {**ctx.get("terms", {}), "deadline": ctx["summary"]["deadline"]}
    period = ""
    if "consideration_restarts" in terms and values.get("consideration_period"):
        key = "period_restarts" if terms["consideration_restarts"] else "period_kept"
        cited = {**values, "citation": str(terms.get("consideration_restarts_citation", ""))}
        period = fill_text(str(text[key]), cited, where)
    return {
        "heading": fill_text(str(text["heading"]), numbers, where),
        "changes": list(revision["changes"]),
        "period": period,
        "answer": fill_text(str(text["answer"]), values, where),
    }
