"""xlsx/ is file format only: it imports nothing of the tracker's domain (sheets, headers, statuses).

The tracker calls xlsx; xlsx calls nothing of Accord but itself and ooxml. The rule is read from the
imports of each xlsx module, so breaking it names the module and what it imports.
"""

from __future__ import annotations

from tests.source_imports import imports_of, product_modules, within


def test_xlsx_imports_nothing_of_accord_but_itself_and_ooxml() -> None:
    xlsx = [module for module in product_modules() if within(module, "accord.xlsx")]
    assert "accord.xlsx.reader" in xlsx
    offenders = {
        module: sorted(
            name
            for name in imports_of(module)
            if within(name, "accord")
            and not within(name, "accord.xlsx")
            and not within(name, "accord.ooxml")
        )
        for module in xlsx
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_tracker_sheet_layout_stays_in_the_tracker() -> None:
    modules = product_modules()
    assert "accord.tracker.sheet" in modules
    assert "accord.tracker.layout" in modules
    assert not any(within(m, "accord.xlsx") and m.endswith((".sheet", ".layout")) for m in modules)


def test_only_the_adapter_imports_openpyxl_private_modules() -> None:
    private = {
        module: sorted(n for n in imports_of(module) if n.startswith("openpyxl") and "._" in n)
        for module in product_modules()
    }
    assert {m: names for m, names in private.items() if names} == {
        "accord.xlsx.openpyxl_private": ["openpyxl.worksheet._reader"]
    }


def test_the_import_reader_sees_xlsx_s_own_imports() -> None:
    assert "accord.xlsx.openpyxl_private" in imports_of("accord.xlsx.styles")
