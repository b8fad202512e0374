"""PDFs of a whole batch from one LibreOffice call per worker; their text matches the .docx."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pypdf
import pytest

from accord.documents.pdf import INSTALL_HINT, convert_folder
from accord.documents.text import docx_lines
from accord.errors import ConfigError
from accord.records import Kind
from tests.documents.conftest import rendered

HAVE_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_soffice = pytest.mark.skipif(
    not HAVE_SOFFICE, reason="LibreOffice (soffice) is not installed; `make test` installs it"
)


def _squash(text: str) -> str:
    # Emoji are drawn from Noto Color Emoji's bitmaps, which carry no text to extract.
    text = "".join(c for c in text if unicodedata.category(c) != "So")
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("documents")
    for kind, place in (
        (Kind.OFFERS, "US-MN"),
        (Kind.SEPARATIONS, "US-CA"),
        (Kind.AGREEMENTS, "US-TX"),
    ):
        record_folder = folder / f"{kind.value}-{place}"
        record_folder.mkdir()
        for name, doc in rendered(kind, place).items():
            (record_folder / f"{name}.docx").write_bytes(doc.data)
    return folder, convert_folder(folder)


@needs_soffice
@pytest.mark.slow
def test_every_document_of_the_batch_gets_a_pdf_beside_it(batch: tuple[Path, int]):
    folder, count = batch
    sources = sorted(folder.rglob("*.docx"))
    assert count == len(sources) == 10
    for source in sources:
        assert source.with_suffix(".pdf").is_file()


@needs_soffice
@pytest.mark.slow
def test_pdf_text_holds_every_line_of_the_docx_text(batch: tuple[Path, int]):
    folder, _count = batch
    for source in sorted(folder.rglob("*.docx")):
        lines = docx_lines(source.read_bytes())
        # Page headers and footers repeat on every page, splitting paragraphs: drop them first.
        # The footer is "Page X of Y", numbered by Word's fields on each page.
        margins = [_squash(x.split("] ", 1)[1]) for x in lines if x.startswith("[header]")]
        pdf_pages = pypdf.PdfReader(source.with_suffix(".pdf")).pages
        pages = []
        for number, page in enumerate(pdf_pages, start=1):
            text = _squash(page.extract_text())
            numbered = f"Page{number}of{len(pdf_pages)}"
            assert all(m in text for m in [*margins, numbered]), (source.name, "header or footer")
            for margin in [*margins, numbered]:
                text = text.replace(margin, "")
            pages.append(text)
        pdf_text = "".join(pages)
        for line in lines:
            if line.startswith(("[", "|")):
                continue  # margins (checked above) and table rows, whose cells wrap in columns
            assert _squash(line.lstrip("=#>- ")) in pdf_text, (source.name, line)


_ARABIC = re.compile("[\u0600-\u06ff]")


def _fonts(pdf: Path) -> set[str]:
    found = set()
    for page in pypdf.PdfReader(pdf).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for font in fonts.get_object().values():
            found.add(str(font.get_object().get("/BaseFont", "")).split("+")[-1])
    return found


@needs_soffice
@pytest.mark.slow
def test_the_sample_letters_embed_carlito_never_a_dejavu_fallback(batch: tuple[Path, int]):
    """`make pdf-deps` installs Carlito, metric-compatible with the templates' Calibri."""
    folder, _count = batch
    for pdf in sorted(folder.rglob("*.pdf")):
        fonts = _fonts(pdf)
        assert any(f.startswith(("Carlito", "Calibri")) for f in fonts), (pdf.name, fonts)
        text = "\n".join(docx_lines(pdf.with_suffix(".docx").read_bytes()))
        if not _ARABIC.search(text):
            # Carlito has no Arabic: the nasty sample's right-to-left value may fall back.
            assert not any(f.startswith("DejaVu") for f in fonts), (pdf.name, fonts)
        if "🚀" in text:
            assert "NotoColorEmoji" in fonts, (pdf.name, fonts)


def test_missing_libreoffice_is_a_config_error_that_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "a.docx").write_bytes(rendered(Kind.OFFERS, "US-TX")["offer_letter"].data)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("ACCORD_SOFFICE", raising=False)
    with pytest.raises(ConfigError) as caught:
        convert_folder(tmp_path)
    assert str(caught.value) == INSTALL_HINT
    assert "sudo apt-get install libreoffice-writer" in INSTALL_HINT


def test_an_empty_folder_needs_no_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert convert_folder(tmp_path) == 0
