"""Reading the directory: the public list with its filters, one entry, one's own entries."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from office.core.errors import NotFound
from office.core.models import District, Topic
from office.directory.models import (
    Initiative,
    InitiativeLanguage,
    Representative,
    initiative_districts,
    initiative_topics,
)
from office.directory.permissions import can_edit_initiative
from office.extensions import db


@dataclass
class DirectoryFilter:
    q: str = ""
    district_id: int | None = None
    topic_id: int | None = None
    language: str = ""


def directory_query(flt: DirectoryFilter, statuses=("published",)):
    """Published initiatives matching the filter, by name; related rows load in bulk."""
    stmt = (
        sa.select(Initiative)
        .where(Initiative.status.in_(statuses))
        .options(
            selectinload(Initiative.districts),
            selectinload(Initiative.topics),
            selectinload(Initiative.languages),
        )
        .order_by(Initiative.name, Initiative.id)
    )
    if flt.q:
        pattern = f"%{flt.q.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Initiative.name).like(pattern),
                sa.func.lower(Initiative.short_description).like(pattern),
            )
        )
    if flt.district_id:
        stmt = stmt.where(
            sa.exists().where(
                initiative_districts.c.initiative_id == Initiative.id,
                initiative_districts.c.district_id == flt.district_id,
            )
        )
    if flt.topic_id:
        stmt = stmt.where(
            sa.exists().where(
                initiative_topics.c.initiative_id == Initiative.id,
                initiative_topics.c.topic_id == flt.topic_id,
            )
        )
    if flt.language:
        stmt = stmt.where(
            sa.exists().where(
                InitiativeLanguage.initiative_id == Initiative.id,
                InitiativeLanguage.code == flt.language,
            )
        )
    return stmt


def initiative_for_viewer(user, initiative_id: int) -> Initiative:
    """A published entry for everyone; others only for staff and its representatives."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None or not (initiative.is_public or can_edit_initiative(user, initiative)):
        raise NotFound()
    return initiative


def initiatives_of(user) -> list[Initiative]:
    return list(
        db.session.scalars(
            sa.select(Initiative)
            .join(Representative)
            .where(Representative.user_id == user.id)
            .order_by(Initiative.name)
        )
    )


def logo_url(initiative: Initiative) -> str | None:
    if not initiative.logo_filename:
        return None
    return url_for("directory.logo", filename=initiative.logo_filename)


def initiatives(flt: DirectoryFilter) -> list[Initiative]:
    """Every published initiative matching the filter (for the download)."""
    return list(db.session.scalars(directory_query(flt)))


def reference_data() -> tuple[list[District], list[Topic]]:
    """The districts and topics a form offers, by name."""
    districts = list(db.session.scalars(sa.select(District).order_by(District.name)))
    topics = sorted(db.session.scalars(sa.select(Topic)), key=lambda t: t.name.lower())
    return districts, topics
