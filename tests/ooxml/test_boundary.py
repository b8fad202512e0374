"""ooxml/ is file format only: it imports nothing of Accord's domain (offers, trackers, rules).

The domain packages call ooxml; ooxml calls none of them. The rule is read from the imports of
each ooxml module, so breaking it names the module and what it imports.
"""

from __future__ import annotations

from tests.source_imports import imports_of, product_modules, within


def test_ooxml_imports_nothing_of_accord_but_itself() -> None:
    ooxml = [module for module in product_modules() if within(module, "accord.ooxml")]
    assert "accord.ooxml.package" in ooxml
    offenders = {
        module: sorted(
            name
            for name in imports_of(module)
            if within(name, "accord") and not within(name, "accord.ooxml")
        )
        for module in ooxml
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_import_reader_sees_ooxml_s_own_imports() -> None:
    # The package reads its core properties through ooxml.properties: the reader must see that.
    assert "accord.ooxml.properties" in imports_of("accord.ooxml.package")
