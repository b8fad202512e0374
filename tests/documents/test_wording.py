"""House wording and formatting helpers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from accord.documents.wording import company, date_list, long_date, money, period
from accord.errors import ConfigError


@pytest.mark.parametrize(
    ("days", "unit", "text"),
    [
        (21, "calendar", "21 days"),
        (5, "business", "5 business days"),
        (1, None, "1 day"),
        (None, None, ""),
    ],
)
def test_periods_read_as_letters_state_them(days: int | None, unit: str | None, text: str):
    assert period(days, unit) == text


def test_dates_and_money_read_as_hr_writes_them():
    assert long_date(date(2026, 7, 6)) == "July 6, 2026"
    assert money(Decimal("2400.5")) == "$2,400.50"
    assert date_list([date(2026, 7, 6), date(2026, 8, 5), date(2026, 9, 4)]) == (
        "July 6, 2026, August 5, 2026 and September 4, 2026"
    )


def test_company_file_without_signer_roles_names_what_is_missing(tmp_path: Path):
    (tmp_path / "company.yaml").write_text(
        "name: X\nsigner_name: A\nsigner_title: B\n"
        "defaults: {department: d, manager: m, mediator: p}\nroles: {candidate: C}\n"
    )
    with pytest.raises(ConfigError) as caught:
        company(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'company.yaml'} does not give 'roles' (employee, party, mediator). "
        "Add it; see the file's comments."
    )
