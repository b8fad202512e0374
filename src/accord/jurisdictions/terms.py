"""The terms the rules compute for each kind, under the names HR reads them by.

The rules put a record's terms in the manifest by key (``respond_by``); the trackers show them
as columns and the batch summary lists them as deadlines, both under the label here
(``Respond by``), in the order HR reads them. Both read this one table, so neither borrows the
other's internals.
"""

from __future__ import annotations

from accord.records import Kind

# term key in the manifest -> column header, per kind, in the order HR reads them.
TERM_HEADERS: dict[Kind, tuple[tuple[str, str], ...]] = {
    Kind.OFFERS: (
        ("respond_by", "Respond by"),
        ("start_date", "Start date"),
        ("wage_notice_due", "Wage notice due"),
    ),
    Kind.SEPARATIONS: (
        ("consider_until", "Consider until"),
        ("revocation_ends", "Revocation ends"),
        ("final_pay_due", "Final pay due"),
        ("severance_payable_from", "Severance payable from"),
        ("consideration_days", "Consideration days"),
        ("revocation_days", "Revocation days"),
        ("owbpa_group", "OWBPA group program"),
    ),
    Kind.AGREEMENTS: (("effective_date", "Effective date"),),
}
