"""The appreciation letter: a welcome, a thank-you on leaving, or thanks to each party.

Wording lives in ``templates/appreciation_letter/wording.yaml``; this module fills in what makes
each letter specific (the role, the years of service, the party's own commitments).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.documents.wording import fill_text, plain_list, wording
from accord.records import Record, Separation

_WHERE = "appreciation_letter/wording.yaml"


def letters(record: Record, ctx: dict[str, Any], root: Path) -> list[tuple[str, dict[str, Any]]]:
    """Return ``(file-name suffix, letter view)`` pairs: one letter, or one per agreement party.

    The suffix is empty for the single letter, ``_party_a`` / ``_party_b`` for agreements; the
    list is empty for a separation whose type gets no letter (performance, other). Paragraphs
    marked ``when: concerns`` are kept only when the row recorded concerns.
    """
    kind = record.kind.value
    text = wording(root, "appreciation_letter", kind)
    if isinstance(record, Separation) and record.separation_type in (text.get("no_letter") or []):
        # A thank-you with a performance termination reads as mockery: no letter at all.
        return []
    base = {"company": ctx["company"]["name"], "notices_to": ctx["company"]["notices_to"]}
    if kind == "offers":
        role = ctx["role"]
        values = base | {
            "title": role["title"],
            "department": role["department"],
            "manager": role["manager"],
            "start_date": ctx["start_date"],
        }
        candidate = ctx["candidate"]
        letter = _letter(text, values, candidate["name"], kind, candidate["address"], record)
        return [("", letter)]
    if kind == "separations":
        assert isinstance(record, Separation)
        values = base | {
            "title": ctx["employee"]["title"],
            "department": ctx["employee"]["department"],
            "service": _service(record, text),
        }
        employee = ctx["employee"]
        letter = _letter(text, values, employee["name"], kind, employee["address"], record)
        return [("", letter)]
    out = []
    for me, other in (("party_a", "party_b"), ("party_b", "party_a")):
        promised = ctx[me]["commitments"]
        values = base | {
            "other": ctx[other]["name"],
            "mediator": ctx["mediator"],
            "commitments": plain_list(promised) if promised else str(text["no_commitments"]),
            "first_check_in": ctx["check_ins"][0] if ctx["check_ins"] else ctx["effective_date"],
        }
        out.append((f"_{me}", _letter(text, values, ctx[me]["name"], kind, "", record)))
    return out


def _service(record: Separation, text: dict[str, Any]) -> str:
    if record.hire_date and record.separation_date:
        years = (record.separation_date - record.hire_date).days // 365
        if years >= 2:
            return fill_text(str(text["service_years"]), {"years": str(years)}, _WHERE)
    return str(text["service_short"])


def _letter(
    text: dict[str, Any],
    values: dict[str, str],
    name: str,
    kind: str,
    address: str,
    record: Record,
) -> dict[str, Any]:
    where = f"{_WHERE} ({kind})"
    said = {"concerns": bool(record.concerns)}
    kept = [
        p["text"] if isinstance(p, dict) else p
        for p in text["paragraphs"]
        if not isinstance(p, dict) or said.get(str(p.get("when")), True)
    ]
    return {
        "recipient": name,
        "address": address,
        "subject": fill_text(str(text["subject"]), values, where),
        "paragraphs": [fill_text(" ".join(str(p).split()), values, where) for p in kept],
        "closing": fill_text(str(text["closing"]), values, where),
    }
