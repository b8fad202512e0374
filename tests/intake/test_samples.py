"""The committed samples read cleanly and keep their awkward values exactly."""

from __future__ import annotations

from datetime import date

import pytest

from accord.intake import read_batch
from accord.records import Agreement, Kind, Offer, Separation

from .samples import SAMPLES


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("separations_sample.xlsx", Kind.SEPARATIONS, 8),
        ("agreements_sample.xlsx", Kind.AGREEMENTS, 3),
        ("offers_nasty.xlsx", Kind.OFFERS, 4),
    ],
)
def test_sample_is_accepted_whole(name: str, kind: Kind, count: int) -> None:
    result = read_batch(SAMPLES / name)
    assert (result.kind, len(result.records), result.problems, result.notes) == (
        kind,
        count,
        [],
        [],
    )


def test_nasty_values_survive_intake_exactly() -> None:
    offers = {r.record_id: r for r in read_batch(SAMPLES / "offers_nasty.xlsx").records}
    assert list(offers) == ["00123", "000456", "0789", "E-0001"]
    first, second, third, fourth = (offers[k] for k in offers)
    assert isinstance(first, Offer) and isinstance(second, Offer)
    assert isinstance(third, Offer) and isinstance(fourth, Offer)
    assert first.hiring_manager == "O'Brien & <Partners>"
    assert first.job_title == 'Senior "Data" Engineer'
    assert first.start_date == date(2027, 2, 12)  # written as the bare serial 46430
    assert second.candidate_name == "José Ñúñez 🚀"
    assert second.concerns == ("שלום — concerns in Hebrew", "مرحبا بالعالم")
    assert (second.department, second.pay_range_min, second.owner) == (None, None, None)
    assert (third.candidate_name, third.equity) == ("{{ 7*7 }}", "=1+2")
    assert (fourth.work_state, fourth.hiring_manager) == ("DC", "Renée D'Arcy")


def test_separations_sample_has_a_group_program_and_a_person_turning_40() -> None:
    result = read_batch(SAMPLES / "separations_sample.xlsx")
    people = [r for r in result.records if isinstance(r, Separation)]
    assert {p.work_state for p in people} >= {"CA", "NY", "MN", "MT", "TX", "IL"}
    assert {m.program_id for m in result.decisional_unit} == {"RIF-2026-01"}
    turning = next(p for p in people if p.record_id == "100207")
    assert turning.date_of_birth == date(1986, 12, 10)
    assert turning.notice_date == date(2026, 11, 30)  # 39 that day, 40 by the separation date
    assert turning.separation_date == date(2026, 12, 18)


def test_agreements_sample_defaults_its_check_ins() -> None:
    records = read_batch(SAMPLES / "agreements_sample.xlsx").records
    assert [r.check_in_days for r in records if isinstance(r, Agreement)] == [
        (30, 60, 90),
        (14, 45),
        (30, 60, 90),
    ]
