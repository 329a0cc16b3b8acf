"""What an attachment is, decided by its content and never by its name or the browser's
word: PDF, JPEG, PNG and MP4 only, at most 10 MB."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .constants import MAX_UPLOAD_BYTES

# ISO base media brands that are MP4 video (not QuickTime "qt  ", not 3GP).
_MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
}


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", ".pdf")
JPEG = FileType("image/jpeg", ".jpg")
PNG = FileType("image/png", ".png")
MP4 = FileType("video/mp4", ".mp4")


def _head_and_tail(upload: UploadedFile) -> tuple[bytes, bytes]:
    upload.seek(0)
    head = upload.read(64)
    size = upload.size or 0
    upload.seek(max(0, size - 2048))
    tail = upload.read(2048)
    upload.seek(0)
    return head, tail


def _image_is_whole(upload: UploadedFile) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return True


def detect(upload: UploadedFile) -> FileType:
    """The type of the uploaded file, or ValidationError with a message for people."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; at most 10 MB is allowed.")
                % {"size": f"{size / (1024 * 1024):.1f}"}
            }
        )
    head, tail = _head_and_tail(upload)
    found: FileType | None = None
    if head.startswith(b"%PDF-") and b"%%EOF" in tail:
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG if _image_is_whole(upload) else None
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG if _image_is_whole(upload) else None
    elif head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        found = MP4
    if found is None:
        raise ValidationError(
            {
                "file": _(
                    "This file is not a PDF, JPEG, PNG or MP4 (checked by its content, not its "
                    "name). Save it as one of these and try again."
                )
            }
        )
    return found
