"""Word templates compiled once and rendered per record, with docxtpl's results and safe defaults.

docxtpl reloads the template, cleans its XML, compiles Jinja and re-saves every part of the zip for
each document. :class:`CompiledTemplate` does the cleaning and compiling once per template and, per
record, renders only the parts that hold tags (body, headers, footers, footnotes, core
properties) while every other member's compressed bytes are copied as they are. Templates that
need docxtpl's rich objects (``{{r``, ``{{p``: rich text, subdocuments) are rendered by docxtpl
itself, with the same safety settings, and say why in ``fallback_reason``.

Both ways: values are escaped (``O'Brien & <Partners>`` prints as typed), never evaluated as
template code, stripped of control characters; a missing field is a :class:`TemplateError` naming
the field and the template file; the output is the same bytes for the same inputs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2 import TemplateError as JinjaError
from lxml import etree
from markupsafe import Markup, escape

from accord.documents.render import parts as compiled_parts
from accord.documents.render.parts import NeedsDocxtpl, Part
from accord.errors import AccordError, RenderError, TemplateError
from accord.ooxml.package import (
    Member,
    Package,
    PackageError,
    core_part_name,
    normalise,
    write_package,
)
from accord.ooxml.xml_text import xml_safe

_RICH_OBJECTS = frozenset({"RichText", "RichTextParagraph", "InlineImage", "Subdoc"})


def clean_value(value: Any) -> Any:
    """Return `value` as it may be printed: text loses control characters (Word cannot open a
    file holding them; a line break stays a line break), anything else is returned unchanged."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return xml_safe(value)
    return value


def _xml_value(value: Any) -> Any:
    """Return `value` cleaned for Word XML; `{_{` and its kin survive docxtpl's post-render
    replacement (meant for template text: `{_{` prints `{{`) because their `_` goes as `&#95;`."""
    value = clean_value(value)
    if (
        isinstance(value, str)
        and not hasattr(value, "__html__")
        and ("{_" in value or "_}" in value)
    ):
        # Escaped first: the only markup added is the character reference.
        return Markup(str(escape(value)).replace("_", "&#95;"))  # noqa: S704
    return value


@lru_cache(maxsize=4096)
def _escaped_text(value: str) -> Markup:
    # What `_xml_value` and autoescape make of plain text, kept: a letter prints the same clause
    # texts, headings and company details for every record of its variant.
    return Markup(escape(_xml_value(value)))  # noqa: S704 (escaped, or _xml_value's own markup)


def _xml_value_or_defer(value: Any) -> Any:
    if type(value) is str:
        return _escaped_text(value)
    # Rich objects carry XML of their own that only docxtpl knows how to place.
    if type(value).__name__ in _RICH_OBJECTS and type(value).__module__.startswith("docxtpl"):
        raise NeedsDocxtpl(type(value).__name__)
    return _xml_value(value)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _KeysFirst(Environment):
    """Jinja's environment, reading a plain dict's keys without raising an exception first.

    For ``{{ offer.start_date }}`` Jinja tries the attribute and, on AttributeError, the key: on
    the dicts documents are rendered from, every name raised first (7% of a chunk's rendering).
    A plain dict has no attributes besides its methods, so for any other name the key is read
    first, with the same answers.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return ``obj.attribute`` as Jinja does, a dict's key found first."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _environment(finalize: Callable[[Any], Any], *, autoescape: bool = True) -> Environment:
    # Autoescape is off only for core properties, which python-docx escapes as XML text itself.
    return _KeysFirst(
        autoescape=autoescape,
        undefined=StrictUndefined,
        finalize=finalize,
    )


_FAST = _environment(_xml_value_or_defer)
_REFERENCE = _environment(_xml_value)
# Core properties are set as text by python-docx, which escapes them itself.
_PROPERTIES = _environment(clean_value, autoescape=False)


class CompiledTemplate:
    """A Word template prepared once, rendering one complete .docx per record."""

    path: Path
    mode: str
    fallback_reason: str | None

    def __init__(self, path: Path, package: Package, parts: compiled_parts.Parts) -> None:
        self.path = path
        self._parts = parts
        self.fallback_reason = parts.fallback_reason
        self.mode = "fast" if self.fallback_reason is None else "docxtpl"
        self._slots: list[Member | Part] = [
            parts.dynamic.get(name) or parts.fixed.get(name) or package.raw(name)
            for name in package.names
        ]

    @classmethod
    def compile(cls, path: Path) -> CompiledTemplate:
        """Return the template at `path` compiled for rendering; raises TemplateError (naming the
        file and quoting the paragraph) when it cannot be read or its tags do not compile."""
        path = Path(path)
        try:
            package = Package(path.read_bytes())
        except OSError as exc:
            raise TemplateError(
                f"{path.name}: the template cannot be read ({exc.strerror}). "
                "Check the path and that the file is not open elsewhere."
            ) from exc
        except PackageError as exc:
            raise TemplateError(
                f"{path.name}: the template cannot be used because {exc}. "
                "Save it again from Word as a .docx document."
            ) from exc
        parts = compiled_parts.compile_parts(path.name, package, _FAST, _PROPERTIES)
        return cls(path, package, parts)

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        # Jinja code objects do not pickle: a worker process compiles its own copy.
        return (CompiledTemplate.compile, (self.path,))

    def variables(self) -> set[str]:
        """Return the names of the top-level fields the template's tags use (empty: no tags)."""
        found: set[str] = set()
        for source in self._parts.sources:
            found |= meta.find_undeclared_variables(_FAST.parse(source))
        for source in self._parts.property_sources:
            found |= meta.find_undeclared_variables(_PROPERTIES.parse(source))
        return found

    def rendered_parts(self) -> list[str]:
        """Return the zip names of the parts rendered per record (the others are copied)."""
        return list(self._parts.dynamic)

    def render(self, context: Mapping[str, Any]) -> bytes:
        """Return the complete .docx for one record's `context`; the same context gives the same
        bytes. Raises TemplateError for a missing field, RenderError when rendering fails."""
        if self.mode == "docxtpl":
            return render_docx(self.path, context)
        values = dict(context)
        rendered: dict[str, Member] = {}
        try:
            for name, part in self._parts.dynamic.items():
                rendered[name] = part.render(values)
        except NeedsDocxtpl as exc:
            self.mode = "docxtpl"
            self.fallback_reason = f"a value is a docxtpl {exc.args[0]}, which docxtpl places"
            return render_docx(self.path, context)
        except (JinjaError, AccordError) as exc:
            raise _render_problem(exc, self.path.name) from exc
        except Exception as exc:
            raise _failure(exc, self.path.name) from exc
        return write_package(
            rendered[slot.name] if isinstance(slot, Part) else slot for slot in self._slots
        )


_CUSTOM_PART = "/docProps/custom.xml"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class _Reference(DocxTemplate):
    """docxtpl as it is, except that core properties are not escaped twice and footnotes are
    rendered once (docxtpl renders them once per section, so from the second section on a value
    such as ``{{ 7*7 }}`` would be evaluated as template code)."""

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        super().render_properties(context, _PROPERTIES)

    def render_custom_properties(self, context: dict[str, Any]) -> None:
        """Render the tags of docProps/custom.xml (the document's ids), which docxtpl leaves."""
        for part in self.docx.part.package.parts:
            if part.partname == _CUSTOM_PART:
                xml = part.blob.decode("utf-8")
                part._blob = _REFERENCE.from_string(xml).render(context).encode("utf-8")

    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        for part in self.docx.part.package.parts:
            if part.content_type == _FOOTNOTES:
                xml = self.patch_xml(part.blob.decode("utf-8"))
                part._blob = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")


def render_docx(path: Path, context: Mapping[str, Any]) -> bytes:
    """Return the .docx plain docxtpl makes of `path` with `context` (load, render, save), with
    the same escaping, undefined-field errors, value cleaning and fixed bytes as the fast way."""
    path = Path(path)
    template = _Reference(str(path))
    try:
        template.render(dict(context), jinja_env=_REFERENCE, autoescape=True)
        template.render_custom_properties(dict(context))
        buffer = io.BytesIO()
        template.save(buffer)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"{path.name}: a tag does not compile ({(exc.message or '').rstrip('.')}). "
            "Correct the tag in Word."
        ) from exc
    except (JinjaError, AccordError) as exc:
        raise _render_problem(exc, path.name) from exc
    except etree.XMLSyntaxError as exc:
        raise compiled_parts.unbalanced(path.name, "a header or footer") from exc
    except Exception as exc:
        raise _failure(exc, path.name) from exc
    package = Package(buffer.getvalue())
    return normalise(package, core_part_name(package))


_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")
_UNDEFINED_ATTRIBUTE = re.compile(r"has no (?:attribute|element) '?([^']+?)'?$")


def _render_problem(exc: Exception, file_name: str) -> AccordError:
    if isinstance(exc, AccordError):
        return exc
    if isinstance(exc, UndefinedError):
        message = str(exc.message)
        found = _UNDEFINED_NAME.match(message) or _UNDEFINED_ATTRIBUTE.search(message)
        field = found.group(1) if found else "?"
        problem = TemplateError(
            f"{file_name}: the field '{field}' is missing ({message}). "
            "Supply it for every record, or remove it from the template."
        )
        problem.template, problem.code = file_name, "missing_field"
        return problem
    problem = TemplateError(
        f"{file_name}: the template cannot be rendered: {getattr(exc, 'message', None) or exc}. "
        "Correct the tag in Word."
    )
    problem.template, problem.code = file_name, "tag_failed"
    return problem


def _failure(exc: Exception, file_name: str) -> RenderError:
    # The exception's own text may quote a value (a name, a salary): only its kind is reported.
    return RenderError(
        f"{file_name}: rendering failed with {type(exc).__name__} inside a tag. "
        "Check the filters and expressions the template applies to this record's fields."
    )
