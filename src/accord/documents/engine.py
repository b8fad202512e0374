"""Word template engine: docxtpl with safe settings and deterministic output.

Safety over docxtpl's defaults: values are XML-escaped (autoescape), a missing field is an error that
names the field and the template, control characters are stripped from values, and values are never
evaluated as template code. Output is byte-identical for the same inputs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from accord.errors import TemplateError

# Word cannot store these in XML; a stray one from a spreadsheet would make the file unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def clean_value(value: Any) -> Any:
    """Return ``value`` with control characters removed from every string inside it."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, Mapping):
        return {k: clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(v) for v in value]
    return value


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def normalise_docx(data: bytes) -> bytes:
    """Return the .docx ``data`` rewritten with fixed zip timestamps and document dates."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<3>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


def render_docx(path: Path, context: Mapping[str, Any]) -> bytes:
    """Return the .docx bytes of ``path`` rendered with ``context`` by plain docxtpl, safely."""
    tpl = DocxTemplate(str(path))
    try:
        tpl.render(clean_value(dict(context)), jinja_env=_environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Template {path.name} uses a field that was not supplied ({exc.message}). "
            f"Declare it in fields.yaml and supply it, or remove it from the template."
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Template {path.name} does not compile: {exc.message}. Fix the tag in Word."
        ) from None
    buf = io.BytesIO()
    tpl.save(buf)
    return normalise_docx(buf.getvalue())


class CompiledTemplate:
    """A Word template prepared once per batch and rendered once per record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mode = "docxtpl"
        self.fallback_reason: str | None = "compile-once renderer not built yet"

    @classmethod
    def compile(cls, path: Path) -> CompiledTemplate:
        """Return the template at ``path`` ready to render; TemplateError if it does not compile."""
        if not path.is_file():
            raise TemplateError(f"Template {path} does not exist. Check the templates folder.")
        tpl = cls(path)
        tpl.variables()
        return tpl

    def variables(self) -> set[str]:
        """Return the names of the top-level fields the template uses."""
        try:
            return set(
                DocxTemplate(str(self.path)).get_undeclared_template_variables(_environment())
            )
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"Template {self.path.name} does not compile: {exc.message}. Fix the tag in Word."
            ) from None

    def render(self, context: Mapping[str, Any]) -> bytes:
        """Return a complete, deterministic .docx rendered with ``context``."""
        return render_docx(self.path, context)
