"""Writes the intake samples in inputs/samples/ (synthetic people only).

Run ``uv run python tests/intake/samples.py`` to regenerate them; ``test_samples.py`` checks
that the committed files still read as intended.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[2] / "inputs" / "samples"

SEPARATION_HEADERS = (
    "Employee ID", "Employee Name", "Email", "Job Title", "Department", "Work State", "City",
    "County", "Date of Birth", "Hire Date", "Separation Date", "Notice Date", "Separation Type",
    "Program ID", "Supervisor", "Base Salary", "Severance Amount", "Severance Weeks",
    "COBRA Months", "PTO Payout", "Next Payday", "Confidentiality",
    "Employee Requested Confidentiality", "Non-Disparagement", "Non-Compete", "Concerns",
    "Resolutions", "Owner",
)  # fmt: skip
_SEP = date(2026, 12, 18)
_NOTICE = date(2026, 11, 30)
_PAYDAY = date(2026, 12, 24)
SEPARATIONS: tuple[tuple[Any, ...], ...] = (
    ("100201", "Avery Quinlan", "avery.quinlan@example.com", "Data Analyst", "Analytics", "CA",
     "San Francisco", "San Francisco", date(1974, 3, 2), date(2015, 6, 1), _SEP, _NOTICE,
     "Layoff", "RIF-2026-01", "Morgan Reyes", "$118,000.00", 34038.46, 15, 6, 4200, _PAYDAY,
     "yes", "no", "yes", "no", "Wants a reference letter; Asks about health cover",
     "Neutral reference agreed; COBRA paid for six months", "Dana Ito"),
    ("100202", "Blake Okafor", "blake.okafor@example.com", "Data Analyst", "Analytics",
     "New York", "New York City", "New York", date(1988, 7, 19), date(2019, 2, 11), _SEP,
     _NOTICE, "layoff", "RIF-2026-01", "Morgan Reyes", 96000, 18461.54, 10, 3, 2100.5, _PAYDAY,
     "y", "y", "y", "n", "Wants the terms kept private", "Confidentiality at the employee's request",
     "Dana Ito"),
    ("100203", "Casey Lindqvist", "casey.l@example.com", "Account Manager", "Sales", "MN",
     "Minneapolis", "Hennepin", date(1981, 1, 27), date(2012, 9, 4), _SEP, _NOTICE, "Mutual",
     "", "Jordan Blake", 88000, 25384.62, 15, 3, 3000, _PAYDAY, "yes", "no", "yes", "no",
     "Timing of the last day", "Last day moved to the 18th", "Dana Ito"),
    ("100204", "Devon Marsh", "devon.marsh@example.com", "Support Engineer", "Support",
     "Montana", "Bozeman", "Gallatin", date(1997, 5, 5), date(2022, 1, 10), _SEP, _NOTICE,
     "Performance", "", "Riley Chen", 64000, 4923.08, 4, 1, 800, _PAYDAY, "no", "no", "no", "no",
     "", "", "Sam Patel"),
    ("100205", "Emerson Vale", "emerson.vale@example.com", "Data Engineer", "Analytics", "TX",
     "Austin", "Travis", date(1965, 10, 30), date(2008, 3, 17), _SEP, _NOTICE, "RIF",
     "RIF-2026-01", "Morgan Reyes", 132000, 50769.23, 20, 6, 5100, _PAYDAY, "yes", "no", "yes",
     "no", "Pension questions", "Referred to the plan administrator", "Dana Ito"),
    ("100206", "Finley Osei", "finley.osei@example.com", "Recruiter", "People", "Illinois",
     "Chicago", "Cook", date(1993, 8, 14), date(2020, 4, 20), _SEP, _NOTICE, "Resignation", "",
     "Jordan Blake", 72000, 6923.08, 5, 2, 1500, _PAYDAY, "yes", "yes", "no", "no",
     "Wants the reason kept private", "Confidentiality at the employee's request", "Sam Patel"),
    # 39 when the agreement is given, 40 by the separation date.
    ("100207", "Gray Adeyemi", "gray.adeyemi@example.com", "Data Analyst", "Analytics", "NY",
     "New York City", "Kings", date(1986, 12, 10), date(2017, 8, 28), _SEP, _NOTICE, "Layoff",
     "RIF-2026-01", "Morgan Reyes", 99000, 19038.46, 10, 3, 2300, _PAYDAY, "yes", "yes", "yes",
     "no", "", "", "Dana Ito"),
    ("100208", "Harper Nguyen", "harper.nguyen@example.com", "Office Manager", "Operations",
     "California", "Oakland", "Alameda", date(1982, 4, 9), date(2014, 11, 3), _SEP, _NOTICE,
     "Other", "", "Riley Chen", 70000, 13461.54, 10, 3, 1900, _PAYDAY, "yes", "no", "yes", "no",
     "", "", "Sam Patel"),
)  # fmt: skip
DECISIONAL_UNIT_HEADERS = (
    "Program ID", "Job Title", "Age", "Selected", "Decisional Unit", "Eligibility Factors",
)  # fmt: skip
DECISIONAL_UNIT: tuple[tuple[Any, ...], ...] = (
    (
        "RIF-2026-01",
        "Data Analyst",
        52,
        "yes",
        "All employees of the Analytics department at US locations",
        "Roles in the reporting team that the new analytics platform replaces were selected; "
        "roles supporting the platform were not",
    ),
    ("RIF-2026-01", "Data Analyst", 38, "yes"),
    ("RIF-2026-01", "Data Analyst", 39, "yes"),
    ("RIF-2026-01", "Data Analyst", 31, "no"),
    ("RIF-2026-01", "Data Analyst", 45, "no"),
    ("RIF-2026-01", "Data Engineer", 61, "yes"),
    ("RIF-2026-01", "Data Engineer", 29, "no"),
    ("RIF-2026-01", "Data Engineer", 47, "no"),
)

AGREEMENT_HEADERS = (
    "Case ID", "Party A Name", "Party A Title", "Party B Name", "Party B Title", "Mediator",
    "Work State", "Issue Summary", "Party A Commitments", "Party B Commitments",
    "Shared Commitments", "Effective Date", "Check-in Days", "Concerns", "Resolutions", "Owner",
)  # fmt: skip
AGREEMENTS: tuple[tuple[Any, ...], ...] = (
    ("MED-0042", "Jamie Torres", "Team Lead", "Kai Whitfield", "Analyst", "Noor Haddad", "CA",
     "Disagreement over how review feedback is given in meetings.",
     "Give feedback in one-to-ones first\nAsk before sharing drafts with the team",
     "Raise concerns with Jamie directly\nSend weekly status by Friday",
     "Meet every two weeks for 30 minutes", date(2026, 12, 1), "", "Fear of retaliation",
     "Both agree no retaliation; HR checks in", "Dana Ito"),
    ("MED-0043", "Lee Park", "Nurse", "Morgan Adler", "Nurse", "Noor Haddad", "New York",
     "Shift swaps handled unevenly.", "Post swaps on the shared board; Answer swap requests in 24h",
     "Post swaps on the shared board; Copy the charge nurse", "", date(2026, 12, 7), "14; 45",
     "", "", "Sam Patel"),
    ("MED-0044", "Rowan Ellis", "Warehouse Lead", "Sky Duarte", "Forklift Operator", "",
     "TX", "Safety complaints raised in public.", "Hear safety concerns privately within a day",
     "Use the safety form for reports", "Joint safety walk each Monday", date(2026, 12, 14),
     "30, 60, 90", "", "", "Sam Patel"),
)  # fmt: skip

NASTY_HEADERS = (
    "Candidate ID ", " Name  ", "Email", "Job Title ", "Department", "Hiring Manager",
    "Work State", "City", "Base Salary", "Pay Range Min", "Pay Range Max", "Start Date",
    "Offer Date", "Respond By", "Equity", "Concerns", "Resolutions", "Recruiter",
)  # fmt: skip
NASTY: tuple[tuple[Any, ...], ...] = (
    ("00123", "Zoë O'Brien", "zoe.obrien@example.com", 'Senior "Data" Engineer', "R&D",
     "O'Brien & <Partners>", "California", "San José", "$145,000.00", 130000, 170000, 46430,
     date(2026, 11, 20), date(2026, 12, 4), "5,000 RSUs", "Relocation & <timing>; \"Remote\" days",
     "Two remote days; Start moved to Feb", "Ana Ruiz"),
    ("000456", "José Ñúñez 🚀", "", "Engineer — Platform", "", "", "NY", "New York City",
     98000, "", "", 46444, "", "", "", "שלום — concerns in Hebrew; مرحبا بالعالم", "", ""),
    ("0789", "{{ 7*7 }}", "", "Analyst", "Finance & Ops", "", "TX", "", "85,000", "", "",
     "2/2/2027", "", "", "=1+2", "", "", "Ana Ruiz"),
    ("E-0001", "Łukasz Kowalski-Smith", "", "Designer (UX/UI)", "", "Renée D'Arcy", "DC",
     "Washington", "$92,500", 85000, 105000, "2027-02-15", "", "", "", "", "", "Ana Ruiz"),
)  # fmt: skip


def _sheet(
    book: Workbook, title: str, headers: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=1+2" is a value HR typed, not a formula
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"


def _save(book: Workbook, name: str) -> None:
    del book["Sheet"]
    book.properties.created = book.properties.modified = datetime(2026, 11, 25)
    book.save(SAMPLES / name)


def write_samples() -> None:
    """Write separations_sample.xlsx, agreements_sample.xlsx and offers_nasty.xlsx."""
    SAMPLES.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    _sheet(book, "Separations", SEPARATION_HEADERS, SEPARATIONS)
    _sheet(book, "Decisional unit", DECISIONAL_UNIT_HEADERS, DECISIONAL_UNIT)
    _save(book, "separations_sample.xlsx")
    book = Workbook()
    _sheet(book, "Agreements", AGREEMENT_HEADERS, AGREEMENTS)
    _save(book, "agreements_sample.xlsx")
    book = Workbook()
    _sheet(book, "Offers", NASTY_HEADERS, NASTY)
    _save(book, "offers_nasty.xlsx")


if __name__ == "__main__":
    write_samples()
