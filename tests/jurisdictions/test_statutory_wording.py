"""The wording the rules pick says what each statute requires (counsel's review, as tests)."""

from __future__ import annotations

import pytest

from accord.documents.clause import fill, lookup

US = ("US",)


def _text(clause_id: str, state: str, kind: str = "separations", **values: str) -> str:
    chain = (f"US-{state}", "US") if state != "US" else US
    defaults = {"company": "Northwind", "consider_until": "June 22, 2026"}
    clause = fill(lookup(clause_id, chain, kind=kind), {**defaults, **values})
    return " ".join(clause.text.split())


def test_new_jersey_notice_says_the_provision_fails_against_the_employer_in_bold():
    clause = lookup("nj_nda_notice", ("US-NJ", "US"))
    text = " ".join(clause.text.split())
    assert clause.emphasis
    assert text.startswith(
        "Although the parties may have agreed to keep the settlement and underlying facts "
        "confidential, such a provision in an agreement is unenforceable against the employer if "
        "the employee publicly reveals sufficient details of the claim so that the employer is "
        "reasonably identifiable."
    )
    assert "cannot be enforced against you if you publicly reveal" not in text


def test_revocation_runs_from_the_day_of_signing_not_to_a_fixed_date():
    text = _text(
        "revocation_period",
        "US",
        revocation_period="7 days",
        revocation_ends="June 29, 2026",
    )
    assert "within 7 days after the day you sign it" in text
    assert (
        "If you sign on June 22, 2026, that time ends on June 29, 2026; if you sign earlier, it ends earlier."
        in text
    )
    assert "takes effect only when that time has passed" in text


def test_changes_do_not_restart_the_period_only_by_agreement_of_both():
    text = _text("consideration_period", "US", consideration_period="21 days")
    assert "You and Northwind agree that changes" in text
    assert "nothing you receive depends on signing early" in text


@pytest.mark.parametrize(
    "words",
    [
        "binds you and Northwind equally",
        "including that this agreement exists and what its terms are",
        "immediate family",
        "religious adviser",
        "medical or mental health provider",
        "mental health therapeutic support group",
        "your lawyer",
        "financial adviser or tax preparer",
        "any government agency (without telling Northwind first)",
        "subpoena or other legal process",
        "where the law otherwise requires it",
        "Such a disclosure is not disparagement.",
        "If Northwind disparages you, no promise not to disparage can be enforced against you.",
        "reasonable amount and are not a penalty",
        "attests that this agreement complies with Colorado Revised Statutes section 24-34-407(1)",
    ],
)
def test_colorado_nondisclosure_states_every_element_of_the_powr_act(words):
    assert words in _text("co_confidentiality_attestation", "CO")


def test_washington_carveout_keeps_trade_secrets_and_the_amount():
    text = _text("wa_nda_carveout", "WA")
    assert "Only the amount paid under this agreement may be kept confidential." not in text
    assert "only the amount paid under this agreement may be kept confidential" in text
    assert (
        "trade secrets and other confidential business information that do not concern illegal acts remain protected"
        in text
    )
    assert "wage-and-hour violation" in text


@pytest.mark.parametrize(
    "words",
    [
        "Equal Employment Opportunity Commission",
        "Vermont Attorney General",
        "Vermont Human Rights Commission",
        "testifying at a hearing or trial",
        "mutual aid or protection",
        "parent, subsidiary, division or affiliate",
    ],
)
def test_vermont_settlement_names_what_the_statute_lists(words):
    assert words in _text("vt_harassment_settlement", "VT")


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("IL", "We advise you in writing to consult a lawyer"),
        (
            "IL",
            "at least 14 calendar days to review it before you sign it, even if you accept this offer sooner",
        ),
        ("TX", "We advise you to talk to a lawyer of your choice"),
        ("TX", "accepting this offer sooner does not shorten that time"),
    ],
)
def test_noncompete_notice_advises_a_lawyer_and_keeps_the_review_time(state, words):
    assert words in _text("noncompete_notice", state, kind="offers")


def test_ca_1542_quote_is_the_statute_word_for_word():
    clause = lookup("ca_1542", ("US-CA", "US"))
    assert " ".join(clause.quote.split()) == (
        "A general release does not extend to claims that the creditor or releasing party does not "
        "know or suspect to exist in his or her favor at the time of executing the release and "
        "that, if known by him or her, would have materially affected his or her settlement with "
        "the debtor or released party."
    )


def test_ca_unlawful_acts_sentence_is_exact():
    assert _text("ca_unlawful_acts", "CA") == (
        "Nothing in this agreement prevents you from discussing or disclosing information about "
        "unlawful acts in the workplace, such as harassment or discrimination or any other conduct "
        "that you have reason to believe is unlawful."
    )


@pytest.mark.parametrize(
    "words",
    [
        "in confidence to a government official or to a lawyer",
        "in a complaint or other filing in a lawsuit made under seal",
        "If you sue Northwind for retaliating against you for reporting a suspected violation of law",
        "file any document containing it under seal and do not disclose it except as a court orders",
    ],
)
def test_dtsa_notice_gives_both_immunities_of_section_1833b(words):
    assert words in _text("dtsa_notice", "US")


def test_staff_agreement_never_requires_a_direct_approach_before_a_complaint():
    commitments = _text("staff_commitments", "US", kind="agreements")
    slip = _text("slip_procedure", "US", kind="agreements", mediator="People Operations")
    assert "using the company's complaint procedure" in commitments
    assert "contacting a government agency" in commitments
    assert "will first raise it directly" not in slip
    assert "or if either party would rather not raise it directly" in slip


@pytest.mark.parametrize(
    ("clause_id", "cited"),
    [
        ("adea_release", "29 U.S.C. § 626(f)(1)(A)-(C)"),
        ("owbpa_group_disclosure", "29 U.S.C. § 626(f)(1)(H)"),
    ],
)
def test_owbpa_clauses_cite_the_element_they_satisfy(clause_id, cited):
    assert cited in (lookup(clause_id, US).citation or "")
