"""Sample records and hand-built determinations for every kind in five places.

`accord templates check` renders every template with these, and the golden tests compare their
text. They are synthetic people. The Minnesota samples carry the nasty values (markup characters,
template code, emoji, right-to-left text) so that every golden file shows them printed as is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from accord.jurisdictions import BatchFacts, Determination, determine
from accord.records import Agreement, DecisionalUnitMember, Kind, Offer, Record, Separation

AS_OF = date(2026, 6, 1)
PLACES = ("US-CA", "US-NY-NYC", "US-MN", "US-MT", "US-TX")
NASTY = {
    "name": "Seán O'Brien & <Partners>",
    "code": "{{ 7*7 }} {% if true %}x{% endif %}",
    "emoji": "Platform 🚀 team",
    "rtl": "مراجعة الجدول الزمني",
}

_WHERE = {
    "US-CA": ("CA", "Los Angeles"),
    "US-NY-NYC": ("NY", "New York"),
    "US-MN": ("MN", "Minneapolis"),
    "US-MT": ("MT", "Billings"),
    "US-TX": ("TX", "Austin"),
}
_CHAIN = {
    "US-CA": ("US-CA", "US"),
    "US-NY-NYC": ("US-NY-NYC", "US-NY", "US"),
    "US-MN": ("US-MN", "US"),
    "US-MT": ("US-MT", "US"),
    "US-TX": ("US-TX", "US"),
}
_OFFER_CLAUSES = {
    "US-CA": ("at_will", "salary_history_statement", "pay_range", "noncompete"),
    "US-NY-NYC": ("at_will", "salary_history_statement", "pay_range"),
    "US-MN": ("at_will", "salary_history_statement", "pay_range"),
    "US-MT": ("probationary_period",),
    "US-TX": ("at_will", "noncompete", "noncompete_notice"),
}
_SEPARATION_BASE = (
    "final_pay",
    "severance",
    "cobra",
    "general_release",
    "adea_release",
    "consideration_period",
    "revocation_period",
    "attorney_advice",
    "protected_rights",
)
_SEPARATION_EXTRA = {
    "US-CA": (
        "owbpa_group_disclosure",
        "ca_1542",
        "ca_unlawful_acts",
        "confidentiality",
        "dtsa_notice",
        "non_disparagement",
        "nlra_carveout",
    ),
    "US-NY-NYC": ("ny_confidentiality_preference", "ny_release_limits", "confidentiality"),
    "US-MN": ("mn_rescission",),
    "US-MT": (),
    "US-TX": ("noncompete", "non_disparagement", "nlra_carveout"),
}


@dataclass(frozen=True)
class Sample:
    """One record of ``kind`` working in ``place``, with the determination and batch facts."""

    kind: Kind
    place: str
    record: Record
    det: Determination
    facts: BatchFacts


def _nasty(place: str, plain: str, nasty: str) -> str:
    return nasty if place == "US-MN" else plain


def _offer(place: str) -> Offer:
    state, city = _WHERE[place]
    return Offer(
        row=2,
        sheet="Offers",
        record_id=f"C-{state}-1",
        work_state=state,
        work_city=city,
        concerns=(
            "Start date clashes with a notice period",
            _nasty(place, "Remote days", NASTY["rtl"]),
        ),
        resolutions=("Start date moved back two weeks",),
        owner="Jordan Lee",
        candidate_name=_nasty(place, "Ana Diaz", NASTY["name"]),
        job_title=_nasty(place, "Senior Analyst", NASTY["code"]),
        base_salary=Decimal("98000"),
        start_date=date(2026, 7, 6),
        candidate_email="candidate@example.test",
        candidate_address=f"12 Elm Street, {city}, {state}" if place != "US-TX" else None,
        department=_nasty(place, "Finance", NASTY["emoji"]),
        hiring_manager="Priya Raman",
        employment_type="full_time",
        exempt=True,
        pay_range_min=Decimal("90000"),
        pay_range_max=Decimal("110000"),
        sign_on_bonus=Decimal("5000") if place != "US-MT" else None,
        bonus_target_pct=Decimal("10") if place == "US-NY-NYC" else None,
        offer_date=AS_OF,
        prior_salary=Decimal("77777"),
        noncompete=place in ("US-TX", "US-CA"),
    )


def _separation(place: str) -> Separation:
    state, city = _WHERE[place]
    return Separation(
        row=3,
        sheet="Separations",
        record_id=f"E-{state}-1",
        work_state=state,
        work_city=city,
        concerns=("Wanted more time to review", _nasty(place, "Reference letter", NASTY["rtl"])),
        resolutions=("Review period confirmed in writing", "Manager will provide a reference"),
        owner="Jordan Lee",
        employee_name=_nasty(place, "Sam Okafor", NASTY["name"]),
        employee_address=f"48 Cedar Lane, {city}, {state}" if place != "US-TX" else None,
        job_title=_nasty(place, "Operations Manager", NASTY["code"]),
        separation_date=date(2026, 6, 30),
        separation_type="layoff" if place in ("US-CA", "US-TX") else "mutual",
        department=_nasty(place, "Operations", NASTY["emoji"]),
        date_of_birth=date(1975, 3, 14),
        hire_date=date(2019, 4, 1),
        notice_date=AS_OF,
        program_id="RIF-2026-06" if place == "US-CA" else None,
        base_salary=Decimal("104000"),
        severance_weeks=Decimal("8"),
        cobra_months=3 if place != "US-MT" else None,
        pto_payout=Decimal("2400.50"),
        next_payday=date(2026, 7, 3),
        confidentiality=place in ("US-CA", "US-NY-NYC"),
        employee_requested_confidentiality=place == "US-NY-NYC",
        # New York's preference clause is for a promise about the facts of a claim.
        confidential_claim_facts=place == "US-NY-NYC",
        non_disparagement=place in ("US-CA", "US-TX"),
    )


def _agreement(place: str) -> Agreement:
    state, city = _WHERE[place]
    return Agreement(
        row=2,
        sheet="Agreements",
        record_id=f"M-{state}-1",
        work_state=state,
        work_city=city,
        concerns=("Meeting interruptions", _nasty(place, "Shared calendar", NASTY["rtl"])),
        resolutions=("Agenda circulated a day ahead",),
        party_a_name=_nasty(place, "Lee Park", NASTY["name"]),
        party_b_name="Rae Moreno",
        party_a_title="Designer",
        party_b_title=_nasty(place, "Product Lead", NASTY["emoji"]),
        mediator="Chris Adeyemi",
        issue_summary=_nasty(
            place,
            "How design reviews are scheduled and run.",
            "How reviews are run " + NASTY["code"],
        ),
        party_a_commitments=("Share drafts two days before each review",),
        party_b_commitments=(
            "Keep review comments to the agenda",
            "Reply to questions within a day",
        ),
        shared_commitments=("Raise problems directly and early",),
        effective_date=date(2026, 6, 8),
    )


def _offer_det(record: Offer, place: str) -> Determination:
    start = record.start_date or AS_OF
    return Determination(
        chain=_CHAIN[place],
        as_of=AS_OF,
        terms={
            "respond_by": date(2026, 6, 8),
            "start_date": start,
            "check_ins": [start + timedelta(days=d) for d in (30, 60, 90)],
        },
        clauses=_OFFER_CLAUSES[place],
        # California bans the noncompete the row asked for: the rules omit it.
        omit=frozenset({"prior_salary", *(["noncompete"] if place == "US-CA" else [])}),
    )


def _separation_det(place: str) -> Determination:
    group = place == "US-CA"
    consider = 45 if group else 21
    until = AS_OF + timedelta(days=consider)
    # Minnesota's 15 days to rescind run beside the ADEA's 7 days to revoke (rescission_ends).
    revoke = 7
    rescission = {"rescission_days": 15, "rescission_unit": "calendar"} if place == "US-MN" else {}
    ends = until + timedelta(days=15 if rescission else revoke)
    return Determination(
        chain=_CHAIN[place],
        as_of=AS_OF,
        terms={
            "owbpa": True,
            "owbpa_group": group,
            "consideration_days": consider,
            "consideration_unit": "calendar",
            "consider_until": until,
            "revocation_days": revoke,
            "revocation_unit": "calendar",
            "revocation_ends": ends,
            **rescission,
            **({"rescission_ends": until + timedelta(days=15)} if rescission else {}),
            "final_pay_due": None if place == "US-MT" else date(2026, 6, 30),
            "severance_payable_from": ends + timedelta(days=1),
        },
        clauses=_SEPARATION_BASE + _SEPARATION_EXTRA[place],
    )


def _agreement_det(record: Agreement, place: str) -> Determination:
    start = record.effective_date or AS_OF
    return Determination(
        chain=_CHAIN[place],
        as_of=AS_OF,
        terms={
            "effective_date": start,
            "check_ins": [start + timedelta(days=d) for d in record.check_in_days],
        },
        clauses=("staff_commitments", "slip_procedure"),
    )


def _unit() -> tuple[DecisionalUnitMember, ...]:
    rows = [
        ("Operations Manager", 51, True),
        ("Operations Manager", 38, False),
        ("Operations Analyst", 29, True),
        ("Operations Analyst", 44, False),
        ("Operations Analyst", 62, True),
    ]
    # HR describes the program on its first row (the Decisional unit sheet's own columns).
    about = {
        "decisional_unit": "All employees of the Operations department at US locations",
        "eligibility_factors": (
            "Roles in the regional operations teams that were consolidated were selected; "
            "roles in the central team were not"
        ),
    }
    return tuple(
        DecisionalUnitMember(
            "RIF-2026-06", title, age, selected, row=i + 2, **(about if i == 0 else {})
        )
        for i, (title, age, selected) in enumerate(rows)
    )


def sample(kind: Kind, place: str) -> Sample:
    """Return the sample of ``kind`` in ``place`` (one of :data:`PLACES`)."""
    if kind is Kind.OFFERS:
        offer = _offer(place)
        return _cited(Sample(kind, place, offer, _offer_det(offer, place), BatchFacts()))
    if kind is Kind.SEPARATIONS:
        facts = BatchFacts(program_sizes={"RIF-2026-06": 3}, decisional_unit=_unit())
        return _cited(Sample(kind, place, _separation(place), _separation_det(place), facts))
    agreement = _agreement(place)
    return _cited(Sample(kind, place, agreement, _agreement_det(agreement, place), BatchFacts()))


def _cited(found: Sample) -> Sample:
    # The clauses are chosen by hand, but who cites them is the rules' answer for the same record,
    # so that the samples show the citations a real batch would.
    sources = determine(found.record, AS_OF, found.facts).clause_rules
    return replace(found, det=replace(found.det, clause_rules=sources))


def samples() -> list[Sample]:
    """Return every sample: each kind in each of :data:`PLACES`."""
    return [sample(kind, place) for kind in Kind for place in PLACES]
