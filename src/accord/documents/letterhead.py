"""The letterhead's optional logo: an image named in ``company.yaml`` put into every header.

Templates carry the company's name and address in their headers as fields; an image cannot be a
field, so when ``company.yaml`` names a ``logo`` (a PNG or JPEG file under the templates folder),
each template is copied once with the logo above the name and that copy is compiled. The copy is
kept in the temporary folder under a hash of the template and the image, so every worker process
compiles the same file and a changed logo makes a new one.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

from accord.documents.wording import company
from accord.errors import ConfigError
from accord.ooxml.atomic import atomic_write

LOGO_HEIGHT_CM = 1.4


def logo_path(root: Path) -> Path | None:
    """Return the logo image ``company.yaml`` names; ``None`` when it names none.

    ConfigError when the file is missing, naming the line to fix.
    """
    logo = company(root).get("logo")
    if not logo:
        return None
    path = root / str(logo)
    if not path.is_file():
        raise ConfigError(
            f"{root / 'company.yaml'}: logo '{logo}' is not a file in {root}. Put the image "
            "there (PNG or JPEG), or remove the logo line."
        )
    return path


def with_logo(template: Path, root: Path) -> Path:
    """Return the template to compile: ``template`` itself, or its copy with the logo."""
    image = logo_path(root)
    if image is None:
        return template
    data, picture = template.read_bytes(), image.read_bytes()
    digest = hashlib.sha256(data + b"\0" + picture).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / "accord-letterhead" / digest / template.name
    if out.is_file():
        return out
    import docx
    from docx.shared import Cm

    document = docx.Document(io.BytesIO(data))
    for section in document.sections:
        first = section.header.paragraphs[0]
        first.insert_paragraph_before().add_run().add_picture(
            io.BytesIO(picture), height=Cm(LOGO_HEIGHT_CM)
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out) as fh:
        document.save(fh)
    return out
