"""What counts as a citation: an authority a lawyer can look up, never research provenance.

A citation names a statute, regulation, ordinance, case or agency guidance. Where the research came
from ("per <firm>", "see federal.md", "not verified", "background knowledge") belongs in ``notes``;
a choice of ours that no law makes is ``house: true`` with a ``reason``. Both the rule data and the
clause wording are checked with :func:`authority_problem`, so a document never shows anything else
where it names the law.
"""

from __future__ import annotations

import re

# Phrases that say where a fact came from, or that no law is named; each with what to do instead.
_NOT_AUTHORITY: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), fix)
    for pattern, fix in (
        (r"\bAccord\b|\bhouse (setting|practice|choice)\b", "a house choice is house: true"),
        (r"\bState law on\b|^\s*State (common )?law\b|^\s*State and local\b", "name the law"),
        (r"\bstate law governs\b", "name the law"),
        (r"\bcommon[- ]law\b", "name the law"),
        (r"^\s*(contract (term|law)|company policy)\b", "a term of ours is house: true"),
        (r"\bpractice\b", "a practice is house: true or belongs in notes"),
        (
            r"\bnot (re-)?verified\b|\bunverified\b|\bnot confirmed\b",
            "research doubt goes in notes",
        ),
        (r"\bfederal\.md\b|\bsummary\.md\b|shared/reference", "research provenance goes in notes"),
        (r"\bbackground knowledge\b", "research provenance goes in notes"),
        (r"\bper [A-Z][\w.&/-]*|\btrackers?\b|\bone source\b", "research provenance goes in notes"),
    )
)
# An authority has a section, a number, a case name or the name of a code, act or order.
_AUTHORITY = re.compile(
    r"\d|§| v\. |\b(code|act|law|ordinance|order|guidance|rule)s?\b", re.IGNORECASE
)


def authority_problem(citation: str) -> str | None:
    """Return why ``citation`` is not an authority, or None when it names one."""
    for pattern, fix in _NOT_AUTHORITY:
        found = pattern.search(citation)
        if found:
            return f"'{found.group(0).strip()}' is not an authority ({fix})"
    if not _AUTHORITY.search(citation):
        return "it names no statute, regulation, ordinance, case or agency guidance"
    return None
