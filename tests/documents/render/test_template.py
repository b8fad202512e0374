"""The compiled renderer gives docxtpl's documents, safely, byte for byte the same on a re-run."""

from __future__ import annotations

import hashlib
import io
import pickle
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.documents.render import CompiledTemplate, clean_value, render_docx
from accord.errors import RenderError, TemplateError
from tests.documents.render.docs import (
    W,
    both_ways,
    build,
    document_text,
    element_signature,
    stored_bytes,
)


def test_a_tag_split_across_runs_renders_as_one(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", ["Dear {{ first", "_name }} {{", " last_name }},"])
    lines = both_ways(path, {"first_name": "Ann", "last_name": "Lee"})
    assert lines[0] == "Dear Ann Lee,"


@pytest.mark.parametrize(
    ("show", "expected"), [(True, ["Before", "Shown", "After"]), (False, ["Before", "After"])]
)
def test_paragraph_if_keeps_or_drops_the_paragraph(
    tmp_path: Path, show: bool, expected: list[str]
) -> None:
    path = build(tmp_path / "t.docx", "Before", "{%p if show %}", "Shown", "{%p endif %}", "After")
    assert both_ways(path, {"show": show}) == [*expected, "title: "]


def test_table_row_loop_repeats_the_row(tmp_path: Path) -> None:
    document: DocumentObject = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for item in items %}"
    table.rows[1].cells[0].text = "{{ item.name }}"
    table.rows[1].cells[1].text = "{{ item.amount }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    document.save(tmp_path / "t.docx")
    items = [{"name": "Base", "amount": "100"}, {"name": "Bonus", "amount": "20"}]
    lines = both_ways(tmp_path / "t.docx", {"items": items})
    assert [line for line in lines if line.startswith("|")] == [
        "| Base",
        "| 100",
        "| Bonus",
        "| 20",
    ]


@pytest.mark.parametrize("columns", [["Q1"], ["Q1", "Q2", "Q3", "Q4"]])
def test_cell_loop_makes_one_cell_per_item_and_fits_the_grid(
    tmp_path: Path, columns: list[str]
) -> None:
    document: DocumentObject = docx.Document()
    cells = document.add_table(rows=1, cols=3).rows[0].cells
    for cell, text in zip(
        cells, ["{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"], strict=True
    ):
        cell.text = text
    document.save(tmp_path / "t.docx")
    compiled = CompiledTemplate.compile(tmp_path / "t.docx")
    data = compiled.render({"columns": columns})
    assert [
        line for line in both_ways(tmp_path / "t.docx", {"columns": columns}) if "|" in line
    ] == [f"| {c}" for c in columns]
    grid = [e for e in element_signature(data, "word/document.xml") if e[0] == W + "gridCol"]
    assert len(grid) == len(columns)


@pytest.mark.parametrize(("show", "expected"), [(True, "Say loudly now."), (False, "Say now.")])
def test_run_if_keeps_or_drops_the_run(tmp_path: Path, show: bool, expected: str) -> None:
    path = build(tmp_path / "t.docx", ["Say ", "{%r if show %}", "loudly ", "{%r endif %}", "now."])
    assert both_ways(path, {"show": show})[0] == expected


def test_header_and_footer_tags_render(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "Body", header="Ref {{ ref }}", footer="{{ company }} only")
    lines = both_ways(path, {"ref": "E-17", "company": "Acme"})
    assert "s0 header: Ref E-17" in lines
    assert "s0 footer: Acme only" in lines


@pytest.mark.parametrize("show", [True, False])
def test_a_tag_spanning_a_paragraph_and_a_cell_is_repaired_as_docxtpl_does(
    tmp_path: Path, show: bool
) -> None:
    document: DocumentObject = docx.Document()
    document.add_paragraph("Intro {% if show %}shown")
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = "A {% endif %}cell"
    document.save(tmp_path / "t.docx")
    lines = both_ways(tmp_path / "t.docx", {"show": show})
    assert lines[0] == ("Intro shown" if show else "Intro cell")


def test_a_header_left_broken_by_its_tags_is_a_render_error(tmp_path: Path) -> None:
    document: DocumentObject = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Ref {% if show %}one"
    header.add_table(rows=1, cols=1, width=Cm(5)).rows[0].cells[0].text = "{% endif %}end"
    document.save(tmp_path / "letter.docx")
    compiled = CompiledTemplate.compile(tmp_path / "letter.docx")
    assert document_text(compiled.render({"show": True}))[:2] == [
        "s0 header: Ref one",
        "s0 header: | end",
    ]
    with pytest.raises(RenderError) as caught:
        compiled.render({"show": False})
    assert str(caught.value) == (
        "letter.docx: word/header1.xml is broken after rendering this record: a tag opens in one "
        "paragraph or cell and closes in another. Keep each {% if %}...{% endif %} within one "
        "paragraph, or put it in paragraphs of its own with {%p if %}...{%p endif %}."
    )


@pytest.mark.parametrize(
    "value",
    [
        "O'Brien & <Partners>",
        "{{ 7*7 }}",
        "{% if True %}x{% endif %}",
        'Say "hi" > now',
        "R&D \u05e9\u05dc\u05d5\u05dd \U0001f600",
        "{{Sig_es_:signer1:signature}}",
        "{_{ not a tag }_} {_% x %_}",
    ],
)
def test_a_value_prints_exactly_as_typed(tmp_path: Path, value: str) -> None:
    path = build(tmp_path / "t.docx", "Name: {{ name }}.", header="{{ name }}")
    lines = both_ways(path, {"name": value})
    assert lines[0] == f"Name: {value}."
    assert f"s0 header: {value}" in lines


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=40))
def test_any_text_prints_as_itself_less_control_characters(tmp_path: Path, value: str) -> None:
    path = tmp_path / "t.docx"
    if not path.exists():
        build(path, "[{{ value }}]")
    data = CompiledTemplate.compile(path).render({"value": value})
    assert document_text(data)[0] == f"[{clean_value(value)}]"


def test_core_property_tags_render_as_plain_text(tmp_path: Path) -> None:
    document: DocumentObject = docx.Document()
    document.add_paragraph("Body")
    document.core_properties.title = "Offer for {{ name }}"
    document.save(tmp_path / "t.docx")
    lines = both_ways(tmp_path / "t.docx", {"name": "O'Brien & <Partners>"})
    assert lines[-1] == "title: Offer for O'Brien & <Partners>"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("A\x00B\x07C\x0cD\x1bE", "ABCDE"),
        ("first line\r\nsecond line", "first line\nsecond line"),
        ("tab\there", "tab\there"),
    ],
)
def test_control_characters_are_stripped_and_lines_kept(
    tmp_path: Path, value: str, printed: str
) -> None:
    path = build(tmp_path / "t.docx", "{{ value }}")
    assert both_ways(path, {"value": value})[0] == printed


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    ("tag", "field", "why"),
    [
        ("{{ start_date }}", "start_date", "'start_date' is undefined"),
        ("{{ offer.bonus }}", "bonus", "'dict object' has no attribute 'bonus'"),
    ],
)
def test_a_missing_field_names_the_field_and_the_template(
    tmp_path: Path, fast: bool, tag: str, field: str, why: str
) -> None:
    path = build(tmp_path / "offer_letter.docx", f"Start: {tag}")
    render = CompiledTemplate.compile(path).render if fast else (lambda c: render_docx(path, c))
    with pytest.raises(TemplateError) as caught:
        render({"offer": {}})
    assert str(caught.value) == (
        f"offer_letter.docx: the field '{field}' is missing ({why}). "
        "Supply it for every record, or remove it from the template."
    )


@pytest.mark.parametrize("fast", [True, False])
def test_the_same_inputs_give_the_same_bytes(tmp_path: Path, fast: bool) -> None:
    path = build(tmp_path / "t.docx", "Dear {{ name }}", header="{{ name }}")
    if fast:
        first = CompiledTemplate.compile(path).render({"name": "Ann"})
        second = CompiledTemplate.compile(path).render({"name": "Ann"})
    else:
        first, second = render_docx(path, {"name": "Ann"}), render_docx(path, {"name": "Ann"})
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_the_document_properties_are_fixed(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "{{ name }}")
    for data in (
        CompiledTemplate.compile(path).render({"name": "A"}),
        render_docx(path, {"name": "A"}),
    ):
        properties = docx.Document(io.BytesIO(data)).core_properties
        assert (properties.last_modified_by, properties.revision) == ("Accord", 1)
        assert properties.created == properties.modified
        assert properties.created.isoformat() == "1980-01-01T00:00:00+00:00"


def test_untouched_members_are_copied_without_recompressing(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "{{ name }}")
    template = path.read_bytes()
    rendered = CompiledTemplate.compile(path).render({"name": "Ann"})
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    assert zipfile.ZipFile(io.BytesIO(rendered)).namelist() == names
    changed = {"word/document.xml", "docProps/core.xml"}
    for name in set(names) - changed:
        assert stored_bytes(rendered, name) == stored_bytes(template, name), name
    assert stored_bytes(rendered, "word/document.xml") != stored_bytes(
        template, "word/document.xml"
    )


def _bad_tag(path: Path) -> None:
    build(path, "Fine {{ a }}", ["Total {% end", "for %} due"])


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"not a zip")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            _bad_tag,
            "offer_letter.docx: a tag does not compile (Encountered unknown tag 'endfor') in the "
            'paragraph "Total {% endfor %} due". Correct the tag in Word.',
        ),
        (
            _not_a_zip,
            "offer_letter.docx: the template cannot be used because it is not a Word .docx file "
            "(the zip does not open). Save it again from Word as a .docx document.",
        ),
    ],
)
def test_a_template_that_cannot_compile_says_where_and_what_to_do(
    tmp_path: Path, make: Any, message: str
) -> None:
    make(tmp_path / "offer_letter.docx")
    with pytest.raises(TemplateError) as caught:
        CompiledTemplate.compile(tmp_path / "offer_letter.docx")
    assert str(caught.value) == message


def test_rich_text_tags_fall_back_to_docxtpl_and_say_why(tmp_path: Path) -> None:
    from docxtpl import RichText

    path = build(tmp_path / "t.docx", "Note: {{r note }}")
    compiled = CompiledTemplate.compile(path)
    assert (compiled.mode, compiled.fallback_reason) == (
        "docxtpl",
        "rich text tags ({{r ...}}) place docxtpl RichText runs",
    )
    data = compiled.render({"note": RichText("bold & <sure>", bold=True)})
    assert document_text(data)[0] == "Note: bold & <sure>"
    assert data == compiled.render({"note": RichText("bold & <sure>", bold=True)})


def test_variables_are_the_fields_of_body_headers_and_footers(tmp_path: Path) -> None:
    path = build(
        tmp_path / "t.docx",
        "{% for item in items %}{{ item.name }}{% endfor %}",
        "{%p if show %}",
        "{{ title }}",
        "{%p endif %}",
        header="{{ company }}",
        footer="{{ batch_id }}",
    )
    found = CompiledTemplate.compile(path).variables()
    assert found == {"items", "show", "title", "company", "batch_id"}


def test_a_compiled_template_travels_to_another_process(tmp_path: Path) -> None:
    path = build(tmp_path / "t.docx", "{{ name }}")
    compiled = CompiledTemplate.compile(path)
    copy = pickle.loads(pickle.dumps(compiled))  # noqa: S301 (our own object, just pickled)
    assert copy.render({"name": "Ann"}) == compiled.render({"name": "Ann"})


def test_a_dicts_keys_and_methods_read_as_plain_docxtpl_reads_them(tmp_path: Path) -> None:
    # The renderer reads a dict's keys first; a key named like a dict method stays the method.
    from docxtpl import DocxTemplate

    path = build(
        tmp_path / "t.docx",
        "{{ person.name }}: {% for k, v in terms.items() %}{{ k }}={{ v }};{% endfor %}",
    )
    context = {"person": {"name": "Ann"}, "terms": {"items": "kept", "b": "2"}}
    plain = DocxTemplate(str(path))
    plain.render(context, autoescape=True)
    out = io.BytesIO()
    plain.save(out)
    compiled = CompiledTemplate.compile(path).render(context)
    assert document_text(compiled)[0] == "Ann: items=kept;b=2;"
    assert document_text(compiled)[0] == document_text(out.getvalue())[0]


def test_each_record_gets_its_own_header_when_headers_repeat(tmp_path: Path) -> None:
    # A header rendered like the one before is reused: the one after a change is not stale.
    compiled = CompiledTemplate.compile(build(tmp_path / "t.docx", "Body", header="{{ ref }}"))
    headers = [
        [line for line in document_text(compiled.render({"ref": ref})) if "header" in line]
        for ref in ("A", "A", "B", "A")
    ]
    assert headers == [["s0 header: A"], ["s0 header: A"], ["s0 header: B"], ["s0 header: A"]]
