"""The review copy: one signing document with a Word comment on every clause, for counsel.

A variant's review copy is the text of its first record. Each clause heading is anchored by a
comment giving the clause id, its citation (or "House choice: <reason>"), and the rules that
chose it with their effective dates and confidence. The copy is deterministic: the comments'
date is the batch's ``as_of`` date and the zip carries fixed timestamps.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph

from accord.ooxml.package import Package, core_part_name, normalise

AUTHOR = "Accord review"


def comment_text(clause: Mapping[str, Any], rules: Mapping[str, str]) -> str:
    """Return the comment counsel reads on ``clause``: id, citation or house reason, rules.

    ``rules`` maps "PLACE/rule_id" to its effective dates and confidence, as shown.
    """
    lines = [f"Clause {clause['id']}"]
    if clause.get("house"):
        lines.append(f"House choice: {clause.get('reason') or 'no reason recorded'}")
    else:
        lines.append(f"Citation: {clause.get('citation') or 'none recorded'}")
    chosen = list(clause.get("rules") or [])
    if chosen:
        lines += [f"Rule {r}: {rules.get(r, 'not in the rule data')}" for r in chosen]
    elif clause.get("standard"):
        lines.append("Rules: none; a standard term this document always states.")
    else:
        lines.append("Rules: chosen by the rules of the record's places (not itemised yet).")
    return "\n".join(lines)


def review_copy(
    signing: bytes,
    clauses: Sequence[Mapping[str, Any]],
    rules: Mapping[str, str],
    note: str,
    as_of: date,
) -> bytes:
    """Return ``signing`` (a signing copy) as a review copy: ``note`` as its first line and one
    comment per clause, anchored on the clause's heading (on the note when no heading matches)."""
    document = docx.Document(io.BytesIO(signing))
    paragraphs = document.paragraphs
    first = paragraphs[0].insert_paragraph_before(note)
    first.runs[0].bold = True
    heading_styles = {
        s.style_id
        for s in document.styles
        if s.type == WD_STYLE_TYPE.PARAGRAPH and (s.name or "").startswith("Heading")
    }
    headings = [p for p in paragraphs if _is_heading(p, heading_styles)]
    at = 0
    stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    for clause in clauses:
        anchor = first
        for i in range(at, len(headings)):
            if headings[i].text.strip() == clause["heading"]:
                anchor, at = headings[i], i + 1
                break
        comment = document.add_comment(
            anchor.runs, text=comment_text(clause, rules), author=AUTHOR, initials="AR"
        )
        comment._comment_elm.date = stamp
    buffer = io.BytesIO()
    document.save(buffer)
    package = Package(buffer.getvalue())
    return normalise(package, core_part_name(package))


def _is_heading(paragraph: Paragraph, heading_styles: set[str]) -> bool:
    # The style id straight from the paragraph's XML: python-docx's `paragraph.style` looks the
    # style up among all of them for each paragraph, most of a review copy's time.
    return paragraph._p.style in heading_styles and bool(paragraph.runs)
