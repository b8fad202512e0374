"""The renderer against docxtpl itself: docxtpl's own test templates (the ../shared corpus) render
the same both ways, and the installed docxtpl is the minor version the renderer follows.

The fast renderer re-implements docxtpl's XML clean-up and rendering; it is held to the docxtpl
version pinned in pyproject.toml. Upgrading docxtpl past the pin fails
:func:`test_the_installed_docxtpl_is_the_minor_version_the_renderer_follows` first: widen the pin
only after this module passes against the new version.
"""

from __future__ import annotations

import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from packaging.requirements import Requirement

from accord.documents.render import CompiledTemplate, parts, patch, render_docx
from accord.errors import TemplateError
from tests.conftest import CORPUS as SHARED_CORPUS
from tests.conftest import REPO
from tests.documents.render.docs import document_text, element_signature

CORPUS = SHARED_CORPUS / "docxtpl_tests"


def _docxtpl_pin() -> Requirement:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [Requirement(dep) for dep in project["dependencies"]]
    return next(pin for pin in pins if pin.name == "docxtpl")


def test_the_installed_docxtpl_is_the_minor_version_the_renderer_follows() -> None:
    pin = _docxtpl_pin()
    installed = version("docxtpl")
    assert pin.specifier.contains(installed), (
        f"docxtpl {installed} is installed but the renderer follows docxtpl{pin.specifier}: "
        "run this module against it, then move the pin in pyproject.toml"
    )
    # The pin names one minor version: an upgrade cannot slip in without a change here.
    assert any(spec.operator == "<" for spec in pin.specifier), str(pin.specifier)


# The corpus: docxtpl's own test templates, with contexts of our own making (see its MANIFEST.md).
ROWS = [
    {"desc": "Pens", "qty": 2, "price": "3.00"},
    {"desc": "Ink & paper", "qty": 1, "price": "9"},
]
CORPUS_CONTEXTS: dict[str, dict[str, Any]] = {
    "comments_tpl": {},
    "doc_properties_tpl": {"test": "Rates & <terms>"},
    "dynamic_table_tpl": {
        "col_labels": ["fruit", "vegetable", "stone"],
        "tbl_contents": [
            {"label": "yellow", "cols": ["banana", "squash", "citrine"]},
            {"label": "red", "cols": ["apple", "tomato", "ruby"]},
        ],
    },
    "embedded_main_tpl": {"name": "Zo\u00e9"},
    "escape_tpl_auto": {
        "nested_dict": {"ampersand": "&", "less": "<", "quote": '"', "apostrophe": "'"},
        "autoescape": "<\"&'>",
        "autoescape_unicode": "\u6771\u4eac \u2018quoted\u2019",
        "iteritems": lambda mapping: mapping.items(),
    },
    "footnotes_tpl": {"a_jinja_variable": "see clause 4"},
    "get_undeclared_variables": {
        "name": "Sam",
        "age": 41,
        "email": "sam@example.test",
        "is_student": False,
        "has_degree": True,
        "degree_field": "law",
        "skills": ["drafting", "mediation"],
        "projects": [{"name": "Truce", "year": 2025, "description": "two teams"}],
        "company_name": "Example Co",
        "page_number": 1,
        "generation_date": "2026-11-25",
        "author": "HR",
    },
    "header_footer_entities_tpl": {"title": "Caf\u00e9 & co"},
    "header_footer_image_tpl": {"mycompany": "Example Co"},
    "horizontal_merge_tpl": {},
    "less_cells_after_loop_tpl": {},
    "merge_paragraph_tpl": {"living_in_town": True},
    "module_execute_tpl": {
        "json_dict_var": {"key": "value"},
        "json_array_var": ["one", "two"],
        "json_string_var": "text",
        "json_int_var": 7,
        "json_float_var": 1.5,
        "json_true_var": True,
        "json_false_var": False,
        "json_none_var": None,
    },
    "multi_rendering_tpl": {"title": "First", "body": "two\nlines"},
    "nested_for_tpl": {
        "dishes": [{"name": "Soup", "ingredients": ["leek", "salt"]}],
        "authors": [{"name": "Ada", "books": [{"title": "Notes"}, {"title": "Letters"}]}],
    },
    "order_tpl": {
        "customer_name": "O'Brien & <Partners>",
        "items": ROWS,
        "in_europe": True,
        "is_paid": False,
        "company_name": "Example Co",
        "total_price": "15.00",
    },
    "preserve_spaces_tpl": {"tag_1": " spaced ", "tag_2": "end  "},
    "vertical_merge_nested_tpl": {},
    "vertical_merge_tpl": {"items": ROWS, "total_price": "15.00", "category": "Office"},
}


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the docxtpl corpus is not at {CORPUS}")
    return CORPUS


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPUS_CONTEXTS))
def test_corpus_template_renders_as_docxtpl_renders_it(corpus: Path, name: str) -> None:
    path = corpus / f"{name}.docx"
    context = CORPUS_CONTEXTS[name]
    compiled = CompiledTemplate.compile(path)
    fast, reference = compiled.render(context), render_docx(path, context)
    assert compiled.mode == "fast"
    assert document_text(fast) == document_text(reference)
    for part in compiled.rendered_parts():
        if not part.startswith("docProps/"):
            assert element_signature(fast, part) == element_signature(reference, part), part


def _docx_files() -> list[str]:
    return sorted(p.name for p in CORPUS.glob("*.docx")) if CORPUS.is_dir() else ["absent"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", _docx_files())
def test_xml_cleanup_gives_docxtpl_s_jinja_source_for_every_part(corpus: Path, name: str) -> None:
    reference = DocxTemplate(str(corpus / name))
    reference.init_docx()
    with zipfile.ZipFile(corpus / name) as package:
        body = parts.split_body(name, package.read("word/document.xml"))
    assert body[1] == reference.get_xml()
    sources = [body[1]]
    for kind in (reference.HEADER_URI, reference.FOOTER_URI):
        sources += [reference.get_part_xml(part) for _, part in reference.get_headers_footers(kind)]
    for source in sources:
        ours = patch.to_jinja_source(patch.join_split_tags(source))
        assert ours == reference.patch_xml(source)


@pytest.mark.corpus
@pytest.mark.parametrize("fast", [True, False])
def test_a_footnote_value_is_never_evaluated_even_with_two_sections(
    corpus: Path, tmp_path: Path, fast: bool
) -> None:
    document = docx.Document(str(corpus / "footnotes_tpl.docx"))
    document.add_section()
    document.save(tmp_path / "notes.docx")
    context = {"a_jinja_variable": "{{ 7*7 }}"}
    if fast:
        data = CompiledTemplate.compile(tmp_path / "notes.docx").render(context)
    else:
        data = render_docx(tmp_path / "notes.docx", context)
    assert document_text(data)[-2].endswith("footnote there\u2019s {{ 7*7 }}")


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("cellbg_tpl", "rich text tags ({{r ...}}) place docxtpl RichText runs"),
        ("richtext_and_if_tpl", "rich text tags ({{r ...}}) place docxtpl RichText runs"),
        ("word2016_tpl", "rich text tags ({{r ...}}) place docxtpl RichText runs"),
        ("subdoc_tpl", "paragraph tags ({{p ...}}) place docxtpl subdocuments or rich paragraphs"),
        (
            "richtext_paragraph_tpl",
            "paragraph tags ({{p ...}}) place docxtpl subdocuments or rich paragraphs",
        ),
    ],
)
def test_corpus_templates_needing_docxtpl_say_why(corpus: Path, name: str, reason: str) -> None:
    compiled = CompiledTemplate.compile(corpus / f"{name}.docx")
    assert (compiled.mode, compiled.fallback_reason) == ("docxtpl", reason)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "template_error_tpl",
            "template_error_tpl.docx: a tag does not compile (Encountered unknown tag 'endif') in "
            'the paragraph "I am the fifth paragraph.  {% if test_variable %}I am part of it, '
            'too.{% endif %} {% endif %}". Correct the tag in Word.',
        ),
        (
            "custom_jinja_filters_tpl",
            "custom_jinja_filters_tpl.docx: a tag does not compile (No filter named "
            "'my_filterB') in the paragraph \"The filter modified float value is "
            '{{ base_value_float | my_filterB(2)}}". Correct the tag in Word.',
        ),
    ],
)
def test_corpus_templates_that_do_not_compile_say_where(
    corpus: Path, name: str, message: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        CompiledTemplate.compile(corpus / f"{name}.docx")
    assert str(caught.value) == message
