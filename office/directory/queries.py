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


def _text_matches(q: str):
    pattern = f"%{q.strip().lower()}%"
    return sa.or_(
        sa.func.lower(Initiative.name).like(pattern),
        sa.func.lower(Initiative.short_description).like(pattern),
    )


def _conditions(flt: DirectoryFilter) -> list:
    """The WHERE conditions of the filter's parts that are set."""
    conditions = []
    if flt.q:
        conditions.append(_text_matches(flt.q))
    if flt.district_id:
        link = initiative_districts.c
        conditions.append(
            sa.exists().where(
                link.initiative_id == Initiative.id, link.district_id == flt.district_id
            )
        )
    if flt.topic_id:
        link = initiative_topics.c
        conditions.append(
            sa.exists().where(link.initiative_id == Initiative.id, link.topic_id == flt.topic_id)
        )
    if flt.language:
        language = InitiativeLanguage
        conditions.append(
            sa.exists().where(
                language.initiative_id == Initiative.id, language.code == flt.language
            )
        )
    return conditions


def directory_query(flt: DirectoryFilter, statuses=("published",)):
    """Published initiatives matching the filter, by name; related rows load in bulk."""
    related = (Initiative.districts, Initiative.topics, Initiative.languages)
    matching = sa.select(Initiative).where(Initiative.status.in_(statuses), *_conditions(flt))
    in_bulk = matching.options(*(selectinload(r) for r in related))
    return in_bulk.order_by(Initiative.name, Initiative.id)


def initiative_for_viewer(user, initiative_id: int) -> Initiative:
    """A published entry for everyone; others only for staff and its representatives."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None or not (initiative.is_public or can_edit_initiative(user, initiative)):
        raise NotFound()
    return initiative


def initiatives_of(user) -> list[Initiative]:
    represented = (
        sa.select(Initiative).join(Representative).where(Representative.user_id == user.id)
    )
    return list(db.session.scalars(represented.order_by(Initiative.name)))


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
