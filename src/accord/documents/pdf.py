"""PDF conversion of rendered documents with headless LibreOffice."""

from __future__ import annotations

from pathlib import Path

from accord.errors import ConfigError


def convert_folder(folder: Path) -> int:
    """Return how many PDFs were written next to the .docx files under ``folder``."""
    raise ConfigError("PDF conversion is not built yet. Run without --pdf.")
