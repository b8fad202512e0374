"""`accord templates check` finds each kind of template problem and quotes where it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from accord.documents.lint import check_folder, check_template, clause_problems
from accord.documents.samples import samples
from accord.paths import TEMPLATES_DIR
from tests.conftest import corpus_dir

ONE_PLACE = [s for s in samples() if s.place == "US-TX"]


def _template(folder: Path, name: str, *paragraphs: str, fields: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / f"{name}.docx"
    document.save(path)
    if fields is not None:
        (folder / "fields.yaml").write_text("fields:\n" + "".join(f"  - {f}\n" for f in fields))
    return path


@pytest.fixture(scope="module")
def project_check():
    return check_folder(TEMPLATES_DIR)


def test_the_project_templates_pass_and_render_for_every_sample(project_check):
    reports, problems = project_check
    assert problems == []
    assert {r.path.stem for r in reports} == {
        "offer_letter",
        "separation_agreement",
        "staff_agreement",
        "negotiation_summary",
        "appreciation_letter",
        "report",  # the base of the summary and digest: compiled and linted, never rendered
    }
    for report in reports:
        assert report.problems == [], report.path
        assert report.renders >= 10 or report.path.stem == "report", report.path
        assert report.mode


def test_curly_quotes_inside_a_tag_are_reported_with_their_paragraph(tmp_path: Path):
    path = _template(tmp_path / "x", "x", "Dear {{ name | default(“friend”) }},", fields=["name"])
    report = check_template(path, tmp_path, [])
    assert report.problems[0] == (
        "x.docx has curly quotes inside the tag {{ name | default(“friend”) }} in paragraph "
        '"Dear {{ name | default(“friend”) }},". Retype them as straight quotes (turn off '
        "Word's smart quotes)."
    )


def test_a_field_missing_from_fields_yaml_is_reported_with_its_paragraph(tmp_path: Path):
    path = _template(
        tmp_path / "x", "x", "Hello {{ name }}.", "Your {{ salary }} is set.", fields=["name"]
    )
    report = check_template(path, tmp_path, [])
    assert report.problems == [
        "x.docx uses 'salary', which fields.yaml does not declare in paragraph "
        '"Your {{ salary }} is set.". Declare it in fields.yaml, or remove it from the template.'
    ]


def test_an_unclosed_block_quotes_the_paragraph_that_opens_it(tmp_path: Path):
    path = _template(tmp_path / "x", "x", "Intro.", "{% if extra %}More.", "End.", fields=["extra"])
    report = check_template(path, tmp_path, [])
    assert len(report.problems) == 1
    assert 'paragraph "{% if extra %}More."' in report.problems[0]


def test_a_declared_field_the_context_does_not_supply_is_reported(tmp_path: Path):
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, root)
    spec = root / "appreciation_letter" / "fields.yaml"
    spec.write_text(spec.read_text() + "  - nickname\n")
    report = check_template(
        root / "appreciation_letter" / "appreciation_letter.docx", root, ONE_PLACE
    )
    assert report.problems == [
        "appreciation_letter/fields.yaml declares 'nickname', but Accord does not supply it for "
        "offers. Remove it from fields.yaml, or supply it in src/accord/documents/context.py."
    ]


def test_a_template_that_fails_for_a_sample_names_the_kind_and_place(tmp_path: Path):
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, root)
    folder = root / "appreciation_letter"
    _template(folder, "appreciation_letter", "Hi {{ letter.nickname }}", fields=["letter"])
    report = check_template(folder / "appreciation_letter.docx", root, ONE_PLACE)
    assert len(report.problems) == 4  # offers, separations, and each agreement party
    assert report.problems[0].startswith(
        "appreciation_letter.docx does not render for offers in US-TX (C-TX-1): "
    )
    assert report.renders == 0


def test_a_clause_id_without_wording_is_reported(tmp_path: Path):
    (tmp_path / "clauses").mkdir()
    shutil.copy(TEMPLATES_DIR / "clauses" / "US.yaml", tmp_path / "clauses" / "US.yaml")
    problems = clause_problems(tmp_path)
    assert (
        f"Clause 'ca_1542' (separations) has no wording in {tmp_path / 'clauses'}. Add it to "
        "US.yaml or the place file of the places that use it."
    ) in problems


def test_a_file_that_is_not_a_docx_is_reported_not_raised(tmp_path: Path):
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    report = check_template(tmp_path / "broken.docx", tmp_path, [])
    assert report.problems == [
        "broken.docx is not a Word .docx file Accord can read (File is not a zip file)."
    ]


@pytest.mark.corpus
def test_every_docxtpl_corpus_template_gets_a_report_without_crashing():
    folder = corpus_dir("docxtpl_tests")
    reports, _problems = check_folder(folder)
    assert len(reports) == len(list(folder.glob("*.docx")))
    for report in reports:
        assert report.mode or report.problems, report.path
    failed = {r.path.name: r.problems for r in reports if r.problems}
    assert "template_error_tpl.docx" in failed
    assert (
        "{% if test_variable %}I am part of it, too.{% endif %} {% endif %}"
        in (failed["template_error_tpl.docx"][0])
    )
