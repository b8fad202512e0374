"""`accord templates check`: output, exit status and help."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.conftest import accord_here as accord


def test_the_project_templates_pass_with_status_0():
    result = accord("templates", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 templates checked: 0 with problems." in result.stdout  # with report/report.docx
    assert "ok   offer_letter/offer_letter.docx: engine " in result.stdout


def test_a_broken_template_fails_with_status_1_and_quotes_the_paragraph(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Dear {{ name | default(“friend”) }},")
    document.save(tmp_path / "letter.docx")
    result = accord("templates", "check", str(tmp_path))
    assert result.returncode == 1
    assert "FAIL letter.docx: engine " in result.stdout
    assert 'in paragraph "Dear {{ name | default(“friend”) }},"' in result.stdout
    assert "1 templates checked: 1 with problems." in result.stdout


def test_help_ends_with_an_example():
    result = accord("templates", "check", "--help")
    assert result.returncode == 0
    assert "Example:\n    accord templates check\n" in result.stdout
