"""The benchmark is not part of the product: nothing in src/ or flows/ imports benchmarks/.

The product's one hook for it is accord.timing (a step's time, logged when ACCORD_TIMINGS is set).
Read from the imports of each module, so breaking the rule names the module and the import.
"""

from __future__ import annotations

from tests.source_imports import imports_of, product_modules, within


def test_no_module_of_the_product_imports_the_benchmarks() -> None:
    assert "accord.steps" in product_modules()
    offenders = {
        module: sorted(name for name in imports_of(module) if within(name, "benchmarks"))
        for module in product_modules()
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_only_the_command_line_imports_the_flows_from_the_core() -> None:
    # The core never needs Prefect; the `accord` commands that start flows import them lazily,
    # after accord.cli.checkout has said where they are missing.
    importers = {
        module
        for module in product_modules()
        if within(module, "accord") and any(within(n, "flows") for n in imports_of(module))
    }
    assert importers and all(within(module, "accord.cli") for module in importers)
