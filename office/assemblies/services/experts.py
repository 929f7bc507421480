"""Experts' inputs: a person of the contacts CRM briefs the assembly on a topic at a session;
their materials are documents checked by content, public once the office publishes them."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from office.assemblies.models import AssemblySession, ExpertInput, ExpertMaterial
from office.contacts.models import Person
from office.core import uploads
from office.core.audit import record
from office.core.errors import DomainError
from office.extensions import db

FOLDER = "assemblies"
MAX_MATERIALS = 10


class InputRefused(DomainError):
    default_message = _l("The expert's input cannot be saved.")


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _check_files(files: list[Upload]) -> None:
    """Every file is checked before any is stored, so a refusal leaves nothing behind."""
    if len(files) > MAX_MATERIALS:
        raise InputRefused(
            _l("At most %(n)s files can be attached.", n=MAX_MATERIALS), field="materials"
        )
    for upload in files:
        if uploads.sniff(upload.data[:16]) is None:
            raise InputRefused(
                _l(
                    "“%(name)s” is not a document: only PDF documents and images (PNG, JPEG, "
                    "WebP) can be attached.",
                    name=upload.filename,
                ),
                field="materials",
            )


def _store(expert_input: ExpertInput, upload: Upload, now: datetime) -> ExpertMaterial:
    stored, content_type, name = uploads.check_and_store(
        upload.data, upload.filename, FOLDER, field="materials"
    )
    material = ExpertMaterial(
        filename=name,
        stored_name=stored,
        content_type=content_type,
        size=len(upload.data),
        uploaded_at=now,
    )
    expert_input.materials.append(material)
    return material


def add_input(
    session: AssemblySession, person_id: int, topic: str, files: list[Upload], now: datetime
) -> ExpertInput:
    """An expert of the CRM with their topic at the session, and their materials (unpublished)."""
    person = db.session.get(Person, person_id)
    if person is None:
        raise InputRefused(_l("Please choose a person of the contacts."), field="person_id")
    if not topic.strip():
        raise InputRefused(_l("Please give the topic."), field="topic")
    _check_files(files)
    expert_input = ExpertInput(person=person, topic=topic.strip())
    session.inputs.append(expert_input)
    for upload in files:
        _store(expert_input, upload, now)
    db.session.flush()
    return expert_input


def set_published(expert_input: ExpertInput, published: bool, now: datetime) -> None:
    """The input and its materials become public (or are taken back)."""
    expert_input.published_at = now if published else None
    record("assemblies.input_published", expert_input, now=now, public=published)
    db.session.flush()


def delete_input(expert_input: ExpertInput) -> None:
    """Remove the input and its files."""
    names = [m.stored_name for m in expert_input.materials]
    db.session.delete(expert_input)
    db.session.flush()
    for name in names:
        uploads.remove(name, FOLDER)


def material_path(material: ExpertMaterial) -> str:
    return uploads.path_of(material.stored_name, FOLDER)
