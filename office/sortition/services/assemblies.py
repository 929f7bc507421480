"""Assemblies: create, edit, publish."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.audit import record
from office.core.errors import DomainError, NotFound
from office.extensions import db
from office.sortition.models import (
    Assembly,
)

# --- assemblies -------------------------------------------------------------------------------


def assembly_by_slug(slug: str) -> Assembly:
    assembly = db.session.scalar(sa.select(Assembly).filter_by(slug=slug))
    if assembly is None:
        raise NotFound()
    return assembly


def save_assembly(assembly: Assembly | None, **fields) -> Assembly:
    """Create or update an assembly; the slug must be unique."""
    _check_slug_free(assembly, fields["slug"])
    if assembly is None:
        assembly = Assembly()
        db.session.add(assembly)
    for name, value in fields.items():
        setattr(assembly, name, value)
    db.session.flush()
    return assembly


def _check_slug_free(assembly: Assembly | None, slug: str) -> None:
    """Refuse a web address another assembly has."""
    other = db.session.scalar(sa.select(Assembly).filter_by(slug=slug))
    if other is not None and other is not assembly:
        raise DomainError(_l("Another assembly has this web address already."), field="slug")


def _require_not_purged(assembly: Assembly) -> None:
    if assembly.purged_at is not None:
        raise DomainError(_l("The personal data of this assembly have been purged."))


def set_published(assembly: Assembly, published: bool, actor=None, now=None) -> None:
    """Put the public transparency page online or take it offline (audited)."""
    assembly.published = published
    record(f"sortition.page_{'online' if published else 'offline'}", assembly, actor, now=now)
    db.session.flush()
