"""``determine``: the rules' verdict for one record, as of the date its law is fixed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from accord.jurisdictions.agreement import decide_agreement, restricts_talk, speaks_of_complaint
from accord.jurisdictions.context import Context, Outcome, Situation, collect_clauses
from accord.jurisdictions.determination import BatchFacts, Determination
from accord.jurisdictions.offer import decide_offer
from accord.jurisdictions.place import resolve
from accord.jurisdictions.rulebook import DEFAULT_ROOT, load_rules
from accord.jurisdictions.separation import (
    decide_separation,
    is_group,
    owbpa_applies,
    separation_noncompete,
)
from accord.records import Agreement, Offer, Record, Separation


def governing_date(record: Record, as_of: date) -> date:
    """Return the date whose law applies: the offer or notice date when given, else ``as_of``."""
    if isinstance(record, Offer) and record.offer_date is not None:
        return record.offer_date
    if isinstance(record, Separation) and record.notice_date is not None:
        return record.notice_date
    return as_of


_NO_FACTS = BatchFacts()


def determine(
    record: Record, as_of: date, facts: BatchFacts = _NO_FACTS, root: Path = DEFAULT_ROOT
) -> Determination:
    """Return the chain, terms, findings, clauses and omissions for one record.

    Raise ValueProblem when the work place cannot be resolved (the row is then rejected).
    ``Determination.as_of`` is the date the rules were applied for (see :func:`governing_date`).
    """
    book = load_rules(root)
    chain = resolve(record.work_state, record.work_city, record.work_county, root)
    on = governing_date(record, as_of)
    ctx = Context(book, chain, record.kind, on, facts)
    out = Outcome()
    if isinstance(record, Separation):
        ctx.situation = Situation(group=is_group(record, facts))
        owbpa = owbpa_applies(record, ctx, out)
        # Decided first: rules such as Massachusetts' rescission period hang on an included one.
        noncompete = separation_noncompete(record, ctx, out)
        ctx.situation = Situation(
            owbpa=owbpa,
            owbpa_group=owbpa and is_group(record, facts),
            group=is_group(record, facts),
            confidentiality=bool(record.confidentiality or record.confidential_claim_facts),
            claim_facts=bool(record.confidential_claim_facts),
            non_disparagement=bool(record.non_disparagement),
            neutral_reference=bool(record.neutral_reference),
            noncompete=noncompete,
            supervisor=bool(record.is_supervisor),
            separation_type=record.separation_type,
        )
        out.terms["owbpa"] = owbpa
        out.terms["owbpa_group"] = ctx.situation.owbpa_group
    elif isinstance(record, Offer):
        ctx.situation = Situation(noncompete=bool(record.noncompete))
    elif isinstance(record, Agreement):
        ctx.situation = Situation(
            confidentiality=restricts_talk(record), complaint=speaks_of_complaint(record)
        )
    collect_clauses(ctx, out)
    if isinstance(record, Offer):
        decide_offer(record, ctx, out)
    elif isinstance(record, Separation):
        decide_separation(record, ctx, out)
    elif isinstance(record, Agreement):
        decide_agreement(record, ctx, out)
    return Determination(
        chain=chain,
        as_of=on,
        terms=out.terms,
        findings=tuple(out.findings),
        clauses=out.final_clauses(),
        omit=frozenset(out.omit),
        clause_rules=out.clause_rules(),
    )
