"""Template context: what a document may show about one record, formatted for reading.

The context is built once per record and shared by every template of its kind; each value is text
(or lists and mappings of text), so a template only prints. Personal fields the rules say to omit
(``Determination.omit``) and the prior salary are never put in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from accord.documents import agreement, offer, separation, standard
from accord.documents.clause import Clause, clause_view, clauses_folder, fill, lookup
from accord.documents.esign import signer_tags
from accord.documents.negotiation import negotiation_summary
from accord.documents.wording import company, long_date
from accord.errors import ConfigError
from accord.jurisdictions import BatchFacts, Determination
from accord.jurisdictions.offer import without_pay_history
from accord.paths import TEMPLATES_DIR
from accord.records import Agreement, Offer, Record, Separation

_NO_FACTS = BatchFacts()


def clauses_for(
    det: Determination, values: Mapping[str, str], root: Path, kind: str = ""
) -> list[Clause]:
    """Return the clauses the rules picked, worded for the record's places, filled in and cited.

    Clause ids the rules also list in ``omit`` (a noncompete where it is banned) are left out.
    """
    folder = clauses_folder(root)
    return [
        _cite_place_law(fill(lookup(cid, det.chain, folder, kind), values), det)
        for cid in det.clauses
        if cid not in det.omit
    ]


def _cite_place_law(clause: Clause, det: Determination) -> Clause:
    """Return ``clause`` with the authority for what it says in this record, and its rules.

    The wording's own citation comes first; then the citation of each rule whose value is in force
    in the clause (the period that wins, the state's final-pay statute). Wording marked
    ``from_rules`` also takes the citation of the rules that chose it (a state's salary-history law
    behind the shared wording). With no citation left, the clause is a house clause and says why.
    """
    sources = det.clause_rules.get(clause.id, ())
    parts: list[str] = [clause.citation] if clause.citation else []
    if clause.from_rules:
        parts += [s.citation for s in sources if not s.value and s.citation]
    parts += [s.citation for s in sources if s.value and s.citation]
    unique = list(dict.fromkeys(parts))
    rules = tuple(s.ref for s in sources)
    if unique:
        return dataclasses.replace(
            clause, citation="; ".join(unique), house=False, reason="", rules=rules
        )
    # The rule whose value is in force explains a house clause best (a state with no final-pay
    # statute), then the wording's own reason, then the rule that chose it.
    reason = (
        next((s.reason for s in sources if s.value and s.reason), "")
        or clause.reason
        or next((s.reason for s in sources if s.reason), "")
    )
    if not reason:
        raise ConfigError(
            f"Clause '{clause.id}' takes its citation from the rules in force, and no rule in "
            f"force for {' / '.join(det.chain)} cites it. Add the place's rule, or give the "
            "clause a citation."
        )
    return dataclasses.replace(clause, citation=None, house=True, reason=reason, rules=rules)


def company_view(root: Path, firm: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Return the company's details as templates show them (from ``company.yaml``)."""
    firm = firm if firm is not None else company(root)
    return {
        key: str(firm.get(key) or "")
        for key in ("name", "address", "signer_name", "signer_title", "notices_to")
    }


def build_context(
    record: Record,
    det: Determination,
    batch_id: str,
    letter_date: date,
    facts: BatchFacts | None = None,
    esign: str = "none",
    root: Path = TEMPLATES_DIR,
) -> dict[str, Any]:
    """Return the context every template of ``record``'s kind may use.

    ``facts`` gives the batch's decisional unit, needed for the group-program exhibit of a
    separation agreement; ``esign`` names the provider whose text tags go at signature fields.
    """
    firm = company(root)
    if isinstance(record, Separation) and record.notice_date is not None:
        # The consideration period runs from the day the agreement is given (29 C.F.R.
        # § 1625.22(e)(1)), which the rules take as the notice date: the agreement must say so.
        letter_date = record.notice_date
    elif isinstance(record, Offer) and record.offer_date is not None:
        # The respond-by date counts from the offer date: a letter dated later would leave the
        # candidate less time than the rules computed.
        letter_date = record.offer_date
    ctx: dict[str, Any] = {
        "kind": record.kind.value,
        "roles": {k: str(v) for k, v in (firm.get("roles") or {}).items()},
        "batch_id": batch_id,
        "record_id": record.record_id,
        "letter_date": long_date(letter_date),
        "company": company_view(root, firm),
        "esign": signer_tags(esign),
    }
    values = {
        "company": ctx["company"]["name"],
        "letter_date": ctx["letter_date"],
        "notices_to": ctx["company"]["notices_to"],
        "company_address": ctx["company"]["address"],
    }
    if isinstance(record, Offer):
        if "pay_history" in det.omit:
            # Concerns about the candidate's past pay appear in no document (a salary-history ban).
            record = without_pay_history(record)
        ctx.update(offer.offer_context(record, det, firm))
        values.update(offer.clause_values(ctx))
    elif isinstance(record, Separation):
        ctx.update(separation.separation_context(record, det, facts or _NO_FACTS, firm, root))
        values.update(separation.clause_values(ctx))
    elif isinstance(record, Agreement):
        ctx.update(agreement.agreement_context(record, det, firm))
        values.update(agreement.clause_values(ctx))
    clauses = clauses_for(det, values, root, record.kind.value)
    values.update(standard.values(record, ctx, firm, det.chain))
    terms = standard.standard_terms(
        record, det.chain, values, root, frozenset(c.id for c in clauses)
    )
    ctx["clauses"] = [clause_view(c) for c in clauses] + [standard.view(t) for t in terms]
    if isinstance(record, Separation):
        ctx["sections"] = separation.sections([*clauses, *(t.clause for t in terms)], root)
    ctx["variant"] = variant_of(record, [*clauses, *(t.clause for t in terms)], values)
    ctx["summary"] = negotiation_summary(record, ctx, root)
    ctx["signers"] = ctx["summary"]["signers"]
    return ctx


def variant_of(record: Record, clauses: list[Clause], values: Mapping[str, str]) -> str:
    """Return the variant of the record's signing document: a short hash of its kind, its
    ordered clause ids with the place of each one's wording and its citation, and which terms
    that switch a clause to other wording when empty were empty. Names, amounts and dates are
    left out, so every record with the same legal content has the same variant."""
    shape = [
        record.kind.value,
        [[c.id, c.place, c.citation] for c in clauses],
        sorted({term for c in clauses for term, _ in c.when_missing if not values.get(term)}),
    ]
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode()).hexdigest()[:10]


def manifest_clauses(ctx: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the signing document's clauses in document order as the manifest lists them:
    id, heading, citation (None for a house choice), the rules that chose it, house, reason,
    and ``standard`` (a term the document always states, chosen by no rule).

    ``rules``, ``house`` and ``reason`` default to ``[]``, False and "" where the clause data
    does not give them yet."""
    if "sections" in ctx:
        order = [c for s in ctx["sections"] for c in s["clauses"]]
        by_id = {c["id"]: c for c in ctx["clauses"]}
        views = [by_id.get(c["id"], c) for c in order]
    else:
        views = list(ctx["clauses"])
    return [
        {
            "id": c["id"],
            "heading": c["heading"],
            "citation": c.get("citation") or None,
            "rules": list(c.get("rules") or []),
            "house": bool(c.get("house", False)),
            "reason": str(c.get("reason") or ""),
            "standard": bool(c.get("standard", False)),
        }
        for c in views
    ]
