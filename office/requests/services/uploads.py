"""Attachments of help requests: the office's document uploads (office/core/uploads.py) in the
requests folder."""

from office.core import uploads
from office.core.uploads import MAX_UPLOAD_BYTES as MAX_ATTACHMENT_BYTES  # noqa: F401
from office.core.uploads import sniff  # noqa: F401
from office.requests.models import RequestAttachment

MAX_ATTACHMENTS = 5
FOLDER = "requests"


def check_and_store(data: bytes, filename: str) -> tuple[str, str, str]:
    """Check a file and write it under a random name; returns (stored name, type, display name)."""
    return uploads.check_and_store(data, filename, FOLDER, field="attachments")


def attachment_of(data: bytes, filename: str, **fields) -> RequestAttachment:
    """Check and store a file; the row that lists it on its request."""
    stored, content_type, name = check_and_store(data, filename)
    return RequestAttachment(
        filename=name, stored_name=stored, content_type=content_type, size=len(data), **fields
    )


def path_of(stored_name: str) -> str:
    return uploads.path_of(stored_name, FOLDER)


def remove(stored_name: str) -> None:
    uploads.remove(stored_name, FOLDER)
