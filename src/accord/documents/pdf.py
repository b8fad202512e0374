"""PDF conversion of rendered documents with headless LibreOffice.

LibreOffice starts slowly (about a second) but converts quickly once running, so a batch is
converted with one ``soffice`` call per worker rather than one per file. Each worker gets its own
profile folder (``-env:UserInstallation``): two instances sharing a profile block each other.
Documents in different record folders share file names, so each worker sees numbered links to
them and the PDFs are moved back beside their sources.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from accord.errors import ConfigError, RenderError

INSTALL_HINT = (
    "PDF conversion needs LibreOffice, and no 'soffice' command was found. Install it "
    "(Debian/Ubuntu: sudo apt-get install libreoffice-writer; macOS: brew install --cask "
    "libreoffice), or set ACCORD_SOFFICE to its path, or run without --pdf."
)
# Seconds: LibreOffice's first start on a fresh profile is slow on a busy machine.
_START_SECONDS = 120
_PER_FILE_SECONDS = 10
# LibreOffice's PDF export set to PDF/A-2b (archival: fonts embedded, no encryption).
PDFA_2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def soffice() -> str:
    """Return the LibreOffice command to run; ConfigError saying how to install it when missing."""
    override = os.environ.get("ACCORD_SOFFICE")
    if override:
        if shutil.which(override):
            return override
        raise ConfigError(
            f"ACCORD_SOFFICE is set to '{override}', which is not a program. " + INSTALL_HINT
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConfigError(INSTALL_HINT)


def _workers(count: int) -> int:
    return max(1, min(2, os.cpu_count() or 1, count))


def convert_folder(folder: Path, workers: int | None = None) -> int:
    """Return how many PDFs were written next to the .docx files under ``folder``.

    Raises ConfigError when LibreOffice is missing and RenderError, naming the files (by path,
    never by content), when some could not be converted.
    """
    sources = sorted(p for p in folder.rglob("*.docx") if not p.name.startswith("~$"))
    return convert_files(sources, folder, workers)


def convert_files(
    sources: list[Path], root: Path, workers: int | None = None, export: str = "pdf"
) -> int:
    """Return how many PDFs were written next to ``sources`` (.docx files under ``root``).

    ``export`` is LibreOffice's target: plain PDF, or :data:`PDFA_2B`.

    ``workers`` LibreOffice processes (default: one per core, at most two) each convert their
    share in one call. Errors name the files relative to ``root``, as :func:`convert_folder`'s.
    """
    if not sources:
        return 0
    command = soffice()
    count = workers or _workers(len(sources))
    groups = [sources[i::count] for i in range(count)]
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as tmp:
        jobs = [
            _start(command, Path(tmp) / f"w{i}", group, export) for i, group in enumerate(groups)
        ]
        failed: list[Path] = []
        for process, work, group in jobs:
            try:
                process.wait(timeout=_START_SECONDS + _PER_FILE_SECONDS * len(group))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            failed += _collect(work, group)
    if failed:
        names = ", ".join(p.relative_to(root).as_posix() for p in failed[:5])
        more = f" and {len(failed) - 5} more" if len(failed) > 5 else ""
        raise RenderError(
            f"LibreOffice did not convert {len(failed)} of {len(sources)} documents to PDF "
            f"({names}{more}). Open one in Word or LibreOffice to check it, then run again."
        )
    return len(sources)


def _start(
    command: str, work: Path, group: list[Path], export: str = "pdf"
) -> tuple[subprocess.Popen[bytes], Path, list[Path]]:
    inputs = work / "in"
    inputs.mkdir(parents=True)
    links = []
    for n, source in enumerate(group):
        link = inputs / f"{n:06d}.docx"
        link.symlink_to(source.resolve())
        links.append(str(link))
    args = [
        command,
        f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        export,
        "--outdir",
        str(work / "out"),
        *links,
    ]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, work, group


def _collect(work: Path, group: list[Path]) -> list[Path]:
    failed = []
    for n, source in enumerate(group):
        made = work / "out" / f"{n:06d}.pdf"
        if made.is_file() and made.stat().st_size > 0:
            shutil.move(made, source.with_suffix(".pdf"))
        else:
            failed.append(source)
    return failed
