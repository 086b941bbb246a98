"""A Council member's written answer to a letter, uploaded by its organizers: checked by what the file is, not by
what its name or the browser say, and kept under a name of our own (``models.response_file_path``).

Uploads are never served from the media folder (nginx answers 404 there); ``views.response_download`` sends
them, to the letter's organizations only, as attachments.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What a member's answer may be, by what the file is: its extension on our disk, and the type it is served as.
PDF = ("pdf", "application/pdf")
DOCX = ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = ("odt", "application/vnd.oasis.opendocument.text")
PNG = ("png", "image/png")
JPEG = ("jpg", "image/jpeg")
TEXT = ("txt", "text/plain")
ACCEPT = ".pdf,.docx,.odt,.png,.jpg,.jpeg,.txt"


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    extension: str
    content_type: str
    name: str  # the uploaded name, cut and cleaned, for the download's filename


def _zipped_document(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT[1].encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _kind_of(content: bytes):
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _zipped_document(content)
    if b"\x00" not in content:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None


def _clean_name(name: str, extension: str) -> str:
    """The uploaded name without its folders or control characters, at most 100 characters, with the extension
    of what the file is."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(stem or 'response')[:90]}.{extension}"


def response_file_checked(upload) -> CheckedFile:
    """The upload's bytes and what they are; ``ValidationError`` when too big or of a kind not accepted."""
    limit = settings.COUNCIL_RESPONSE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s KB; the limit is %(max)s KB.")
            % {"size": upload.size // 1024, "max": limit // 1024},
            code="too_big",
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = _kind_of(content)
    if kind is None:
        raise ValidationError(
            _("The file must be a PDF, a Word (.docx) or OpenDocument (.odt) document, a PNG or JPEG image, or text."),
            code="file_type",
        )
    return CheckedFile(content, kind[0], kind[1], _clean_name(upload.name or "", kind[0]))
