"""With approval: a new version's redline is against the version the person was released."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from accord import approval, batch, release
from accord.documents.revisions import resolved
from accord.documents.text import docx_text
from tests.test_versions import AS_OF, START, _offers, _publish

SIGNING = "documents/C1/offer_letter.docx"
REDLINE = "documents/C1/offer_letter.redline.docx"


def _batch(root: Path, name: str, salary: int, as_of: date) -> Path:
    folder = root / name
    folder.mkdir()
    rows = [("C1", "Ana Diaz", salary, START + timedelta(days=salary % 7))]
    published, _ = _publish(_offers(folder / f"{name}.xlsx", rows), root / "out", as_of)
    approval.record_published(published)
    return published


def _approve(published: Path) -> None:
    out = published.parent
    release.settle(out, approval.decide(out, published.name, approval.Decision("approve", "Kim")))


def _entry(published: Path) -> dict:
    return next(approval.records_of(published))


@pytest.fixture(params=["rejected", "awaiting"])
def third(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Path]:
    sent = _batch(tmp_path, "offers_june", 120_000, AS_OF)
    _approve(sent)
    second = _batch(tmp_path, "offers_july", 125_000, AS_OF + timedelta(days=7))
    if request.param == "rejected":
        approval.decide(second.parent, second.name, approval.Decision("reject", "Kim"))
    third = _batch(tmp_path, "offers_august", 128_000, AS_OF + timedelta(days=14))
    return {"sent": sent, "second": second, "third": third}


def test_the_redline_is_against_the_last_released_version_not_a_rejected_or_waiting_one(third):
    entry = _entry(third["third"])
    assert entry["version"] == 3
    assert entry["previous"] == {"batch_id": third["second"].name, "version": 2}
    assert entry["redline_against"] == {"batch_id": third["sent"].name, "version": 1}
    red = (third["third"] / REDLINE).read_bytes()
    sent = (third["sent"] / SIGNING).read_bytes()
    assert docx_text(resolved(red, accept=False)) == docx_text(sent)
    assert "redline_base_unreleased" not in {f["code"] for f in entry["findings"]}


def test_a_redline_against_a_version_never_released_says_so(tmp_path: Path):
    _batch(tmp_path, "offers_june", 120_000, AS_OF)
    second = _batch(tmp_path, "offers_july", 125_000, AS_OF + timedelta(days=7))
    codes = {f["code"] for f in _entry(second)["findings"]}
    assert "redline_base_unreleased" in codes
    assert (second / REDLINE).is_file()


def test_counsel_approves_the_redline_and_release_copies_it_with_the_signing_copy(tmp_path: Path):
    _approve(_batch(tmp_path, "offers_june", 120_000, AS_OF))
    second = _batch(tmp_path, "offers_july", 125_000, AS_OF + timedelta(days=7))
    _approve(second)
    decided = approval.read_decision(second)
    assert decided is not None
    assert decided["records"]["C1"]["documents"][REDLINE] == batch.file_sha256(second / REDLINE)
    released = second / "release" / "C1"
    assert sorted(p.name for p in released.iterdir()) == [
        "offer_letter.docx",
        "offer_letter.redline.docx",
    ]
    assert docx_text((released / "offer_letter.redline.docx").read_bytes()) != ""


def test_a_redline_changed_after_publishing_is_refused_at_approval(tmp_path: Path):
    _approve(_batch(tmp_path, "offers_june", 120_000, AS_OF))
    second = _batch(tmp_path, "offers_july", 125_000, AS_OF + timedelta(days=7))
    (second / REDLINE).write_bytes(b"edited")
    with pytest.raises(approval.DocumentChanged, match=r"offer_letter\.redline\.docx"):
        approval.decide(second.parent, second.name, approval.Decision("approve", "Kim"))
