"""The negotiation summary: points agreed, concerns and resolutions, commitment, follow-ups.

One template serves every batch kind; this module maps each kind's record onto the same shape,
using the wording in ``templates/negotiation_summary/wording.yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.documents import close
from accord.documents.wording import UNKNOWN, fill_text, wording
from accord.records import Record

_POINTS = ("subject", "scope", "timeline", "deliverables", "responsibilities", "payment")


def negotiation_summary(record: Record, ctx: dict[str, Any], root: Path) -> dict[str, Any]:
    """Return the summary view of ``record`` for the ``negotiation_summary`` template."""
    kind = record.kind.value
    text = wording(root, "negotiation_summary", kind)
    common = wording(root, "negotiation_summary", "common")
    owner = record.owner or str(common["default_owner"])
    values = _values(kind, ctx)
    if "pay_parts" in text:
        values["pay"] = _pay(text["pay_parts"], ctx["pay"], f"negotiation_summary ({kind})")
    if kind == "separations" and not values["final_pay_due"]:
        values["final_pay_due"] = str(common["final_pay_by_law"])
    where = f"negotiation_summary/wording.yaml ({kind})"
    points = dict(text)
    if kind == "separations" and not values["revocation_period"]:
        # Without a revocation period the summary must not announce one.
        points["timeline"] = text["timeline_no_revocation"]
    view: dict[str, Any] = {p: fill_text(str(points[p]), values, where) for p in _POINTS}
    view["commitment"] = fill_text(str(text["commitment"]), values, where)
    view["deadline"] = values["deadline"]
    view["concerns"] = close.rows(record, owner, root)
    view["findings"] = [
        f.as_dict() for f in close.findings(record, close.agreement_text(ctx), root)
    ]
    view["follow_ups"] = _follow_ups(kind, values, ctx, text["follow_ups"], owner, common)
    view["signers"] = signers(kind, ctx)
    view["revision"] = None  # a revised version's changes (accord.documents.revision)
    return view


def _values(kind: str, ctx: dict[str, Any]) -> dict[str, str]:
    values = {"company": ctx["company"]["name"], "letter_date": ctx["letter_date"]}
    if kind == "offers":
        values |= {
            "name": ctx["candidate"]["name"],
            **{k: ctx["role"][k] for k in ("title", "department", "manager")},
            "respond_by": ctx["respond_by"],
            "start_date": ctx["start_date"],
            "deadline": ctx["respond_by"],
        }
    elif kind == "separations":
        values |= {
            "name": ctx["employee"]["name"],
            "title": ctx["employee"]["title"],
            "separation_date": ctx["separation"]["date"],
            **ctx["terms"],
            "deadline": ctx["terms"]["consider_until"],
        }
    else:
        values |= {
            "party_a": ctx["party_a"]["name"],
            "party_b": ctx["party_b"]["name"],
            "issue": ctx["issue"],
            "effective_date": ctx["effective_date"],
            "check_ins": ctx["check_in_list"],
            "mediator": ctx["mediator"],
            "deadline": ctx["effective_date"],
        }
    return values


def _pay(parts: dict[str, str], pay: dict[str, str], where: str) -> str:
    """Return the payment terms as one sentence; the first part is kept even when empty."""
    first = next(iter(parts), "")
    kept = [fill_text(str(t), pay, where) for k, t in parts.items() if pay.get(k) or k == first]
    return "; ".join(kept) + "."


def _follow_ups(
    kind: str,
    values: dict[str, str],
    ctx: dict[str, Any],
    actions: dict[str, str],
    owner: str,
    common: dict[str, Any],
) -> list[dict[str, str]]:
    payroll = str(common["payroll"])
    rows: list[tuple[str, str, str]] = []
    if kind == "offers":
        manager = ctx["role"]["manager"]
        rows.append((actions["respond_by"], owner, ctx["respond_by"]))
        rows.append((actions["start_date"], manager, ctx["start_date"]))
        rows += [(actions["check_in"], manager, day) for day in ctx["check_ins"]]
    elif kind == "separations":
        terms = ctx["terms"]
        rows.append((actions["final_pay_due"], payroll, values["final_pay_due"]))
        rows.append((actions["consider_until"], owner, terms["consider_until"]))
        if terms["revocation_period"]:
            rows.append((actions["revocation_ends"], owner, terms["revocation_ends"]))
        rows.append((actions["severance_payable_from"], payroll, terms["severance_payable_from"]))
    else:
        rows.append((actions["effective_date"], ctx["mediator"], ctx["effective_date"]))
        rows += [(actions["check_in"], ctx["mediator"], day) for day in ctx["check_ins"]]
    return [{"action": str(a), "owner": o, "due": d or UNKNOWN} for a, o, d in rows]


def signers(kind: str, ctx: dict[str, Any]) -> list[dict[str, str]]:
    """Return who signs ``kind``'s documents, in signing order, with their e-sign tags."""
    firm = ctx["company"]
    roles = ctx["roles"]
    people: list[tuple[str, str]]
    if kind == "offers":
        people = [(ctx["candidate"]["name"], roles["candidate"])]
    elif kind == "separations":
        people = [(ctx["employee"]["name"], roles["employee"])]
    else:
        people = [
            (ctx["party_a"]["name"], ctx["party_a"]["title"] or roles["party"]),
            (ctx["party_b"]["name"], ctx["party_b"]["title"] or roles["party"]),
            (ctx["mediator"], roles["mediator"]),
        ]
    if kind != "agreements":
        people.append((firm["signer_name"], f"{firm['signer_title']}, {firm['name']}"))
    tags = ctx["esign"]
    return [
        {
            "name": name,
            "role": role,
            "sign": tags[f"signer{n}"]["sign"],
            "date": tags[f"signer{n}"]["date"],
        }
        for n, (name, role) in enumerate(people, start=1)
    ]
