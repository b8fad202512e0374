"""The compile-once renderer: a Word template compiled once, one .docx rendered per record.

The public API is what this package exports: :class:`CompiledTemplate` (compile, render, the
fields a template uses, its mode), :func:`render_docx` (plain docxtpl with the same safety, the
reference the fast way is held to) and :func:`clean_value`. Its modules (``template``, ``parts``,
``patch``, ``wordxml``) are internals: nothing outside ``accord.ooxml`` and this package imports
them (tests/documents/render/test_boundary.py reads the imports and says so). The renderer
follows docxtpl's behaviour at the minor version pinned in pyproject.toml.
"""

from __future__ import annotations

from accord.documents.render.template import CompiledTemplate, clean_value, render_docx

__all__ = ["CompiledTemplate", "clean_value", "render_docx"]
