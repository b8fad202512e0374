"""Nothing outside ooxml/ and documents/render/ reaches into the renderer's modules.

The renderer's public API is what ``accord.documents.render`` exports; its modules
(``template``, ``parts``, ``patch``, ``wordxml``) may change with docxtpl and are used only
inside it. The rule is read from every module's imports, so breaking it names the module.
"""

from __future__ import annotations

from accord.documents import render
from tests.source_imports import imports_of, product_modules, within

RENDER = "accord.documents.render"
INSIDE = (RENDER, "accord.ooxml")


def test_no_module_outside_the_renderer_imports_its_internals() -> None:
    offenders = {
        module: sorted(
            name for name in imports_of(module) if within(name, RENDER) and name != RENDER
        )
        for module in product_modules()
        if not any(within(module, package) for package in INSIDE)
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_renderer_s_users_go_through_its_public_api() -> None:
    # The rule above is not vacuous: the lint and the document set do use the renderer.
    assert RENDER in imports_of("accord.documents.lint")
    assert RENDER in imports_of("accord.documents")
    assert {"CompiledTemplate", "clean_value", "render_docx"} <= set(render.__all__)


def test_no_module_is_left_under_the_renderer_s_old_names() -> None:
    old = [m for m in product_modules() if m.startswith("accord.documents.engine")]
    assert old == []
