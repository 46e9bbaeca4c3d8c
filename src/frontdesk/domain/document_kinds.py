"""Patient documents as plain rules: the categories, the size limit, and which file types are accepted.

A document's type is read from its own first bytes (its "magic"), never from its name: a file whose content
is not what its extension says is refused (a renamed file, or something else posing as a scan). Services
(services/patients/documents.py) and the Documents tab both read these; nothing here opens a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from frontdesk.errors import ValidationError

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024  # 25 MB: a long multi-page scan at 300 dpi fits
MAX_FILE_NAME = 200

CATEGORIES = {
    "photo_id": "Photo ID",
    "insurance_card": "Insurance card",
    "outside_report": "Outside report",
    "referral_result": "Referral result",
    "signed_form": "Signed form",
    "correspondence": "Correspondence",
}

PDF, JPEG, PNG, TIFF = "application/pdf", "image/jpeg", "image/png", "image/tiff"
MEDIA_LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", TIFF: "TIFF"}
EXTENSIONS = {
    ".pdf": PDF,
    ".jpg": JPEG, ".jpeg": JPEG, ".jpe": JPEG,
    ".png": PNG,
    ".tif": TIFF, ".tiff": TIFF,
}
# For the file dialog: every accepted extension.
FILE_FILTER = "Documents (" + " ".join(f"*{ext}" for ext in EXTENSIONS) + ")"

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_TIFF_MAGICS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # little/big endian, classic and BigTIFF


def sniff_media_type(data: bytes) -> str | None:
    """The media type the content itself declares, or None when it is none of the accepted kinds."""
    head = bytes(data[:1024])
    if head.startswith(b"%PDF-") or b"%PDF-" in head:  # PDF allows junk before the header (within 1 KB)
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_PNG_MAGIC):
        return PNG
    if head.startswith(_TIFF_MAGICS):
        return TIFF
    return None


def size_text(size: int) -> str:
    """'840 KB', '12.4 MB' (1 KB = 1024 bytes, as file managers show)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_file(file_name: str, data: bytes) -> str:
    """The media type of an acceptable file; a ValidationError on the ``file`` field says why it is not."""
    suffix = PurePath(file_name).suffix.lower()
    declared = EXTENSIONS.get(suffix)
    if declared is None:
        raise ValidationError("file", f"{file_name or 'That file'} is not a PDF, JPEG, PNG or TIFF file. "
                                      "Scan or save the document in one of those formats.")
    if not data:
        raise ValidationError("file", f"{file_name} is empty.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError("file", f"{file_name} is too large ({size_text(len(data))}); at most "
                                      f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB. Scan at a lower resolution "
                                      "or split the document.")
    actual = sniff_media_type(data)
    if actual != declared:
        found = f"a {MEDIA_LABELS[actual]} file" if actual else "not a PDF, JPEG, PNG or TIFF file"
        raise ValidationError("file", f"{file_name} is named as a {MEDIA_LABELS[declared]} file but its content "
                                      f"is {found}. It was not attached.")
    return declared


@dataclass(frozen=True)
class NewDocument:
    """A file about to be attached: what the user chose and typed (the services check all of it)."""

    file_name: str
    data: bytes = field(repr=False)  # never in a log line or a test failure's text
    category: str
    document_date: date
    description: str = ""
