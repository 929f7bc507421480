"""Uploaded documents: PDF and images only, recognised by their content (not by their name or
the browser's word), stored outside static under a random name, one folder per domain."""

import os
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l

from office.core.errors import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

#: content type -> file extension, recognised by the first bytes
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, PNG, JPEG or WebP file; None for anything else."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def safe_display_name(filename: str, ext: str, fallback: str = "attachment") -> str:
    """The name shown and offered on download: no path, no control characters."""
    base = os.path.basename((filename or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>')[:150].strip()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or fallback}.{ext}"


def upload_dir(folder: str) -> str:
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], folder)
    os.makedirs(path, exist_ok=True)
    return path


def check_and_store(data: bytes, filename: str, folder: str, field: str) -> tuple[str, str, str]:
    """Check a file and write it under a random name in `folder`; returns (stored name, type,
    display name). A refusal names the form `field`."""
    if not data:
        raise DomainError(_l("The file is empty."), field=field)
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError(
            _l("A file may be at most %(mb)s MB.", mb=MAX_UPLOAD_BYTES // (1024 * 1024)),
            field=field,
        )
    kind = sniff(data[:16])
    if kind is None:
        raise DomainError(
            _l("Only PDF documents and images (PNG, JPEG, WebP) can be attached."), field=field
        )
    content_type, ext = kind
    stored = f"{secrets.token_hex(16)}.{ext}"
    with open(os.path.join(upload_dir(folder), stored), "wb") as f:
        f.write(data)
    return stored, content_type, safe_display_name(filename, ext)


def path_of(stored_name: str, folder: str) -> str:
    return os.path.join(upload_dir(folder), os.path.basename(stored_name))


def remove(stored_name: str, folder: str) -> None:
    try:
        os.remove(path_of(stored_name, folder))
    except FileNotFoundError:
        pass
