"""The neighbourhood's figure for the evaluation reports: initiatives and events per district."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.figures import (
    Figure,
    Period,
    average_ratings,
    district_rows,
    period_bounds,
    rating_summary,
    register_figure,
)
from office.directory.models import Initiative, initiative_districts
from office.events.models import Event, EventFeedback
from office.extensions import db


def per_district(period: Period) -> list[tuple]:
    """Published initiatives active in each district, and published events starting in the period
    (a recurring series counts once)."""
    start, end = period_bounds(period)
    initiatives = dict(
        db.session.execute(
            sa.select(initiative_districts.c.district_id, sa.func.count())
            .join(Initiative, Initiative.id == initiative_districts.c.initiative_id)
            .where(Initiative.status == "published")
            .group_by(initiative_districts.c.district_id)
        ).all()
    )
    events = dict(
        db.session.execute(
            sa.select(Event.district_id, sa.func.count())
            .where(Event.status == "published", Event.start_at >= start, Event.start_at < end)
            .group_by(Event.district_id)
        ).all()
    )
    return district_rows(initiatives, events)


register_figure(
    Figure(
        key="neighbourhood-per-district",
        title=_l("Initiatives and events per district"),
        columns=(_l("District"), _l("Published initiatives"), _l("Events in the period")),
        rows=per_district,
        chart="bar",
        order=80,
        description=_l("Initiatives count in every district they name; events by their district."),
    )
)


def satisfaction(period: Period) -> list[tuple]:
    """Per event: anonymous survey answers given in the period, and their average (1 to 5)."""
    return average_ratings(
        rating_summary(Event.title, EventFeedback.rating)
        .join(Event, Event.id == EventFeedback.event_id)
        .where(EventFeedback.answered_on >= period.start, EventFeedback.answered_on < period.end)
    )


register_figure(
    Figure(
        key="events-satisfaction",
        title=_l("Satisfaction after events"),
        columns=(_l("Event"), _l("Answers"), _l("Average rating (1 to 5)")),
        rows=satisfaction,
        chart="bar",
        order=46,
        description=_l(
            "The short anonymous survey people signed up for an event get once it is over "
            "(one to five)."
        ),
    )
)
