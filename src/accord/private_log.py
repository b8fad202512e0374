"""A log of the errors whose text may quote personal data, for the machine's user only.

Prefect stores exception texts and tracebacks in its database. An error that may quote a row's
values (a template failing on a name) reaches Prefect as ids and codes only; its full text goes
here, in the batch's staging folder, in a file only the user running Accord can read.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

LOG_NAME = "errors.log"


def keep_private(folder: Path, heading: str, exc: BaseException) -> Path:
    """Return the log in ``folder`` where ``exc`` was appended in full under ``heading``.

    The file has mode 600 (read and write for its owner only), even when it existed before.
    """
    log = folder / LOG_NAME
    text = f"{heading}:\n" + "".join(traceback.format_exception(exc))
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8", "replace"))
    finally:
        os.close(fd)
    return log
