"""The short satisfaction survey after an event: one link per sign-up, sent once the date is
over; the answer (one to five, an optional comment) is stored without the person. They never
commit."""

from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core import tokens
from office.core.clock import local_date
from office.core.errors import DomainError
from office.core.jobs import in_turn
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.events import rules
from office.events.models import EventFeedback, EventSignup
from office.extensions import db

PURPOSE = "event-survey"


def send_surveys(now: datetime, each=in_turn) -> int:
    """Queue the survey to everyone signed up for a date that is now over; once each. `each`
    as in `office.core.jobs` (one sign-up at a time)."""
    signup_ids = _past_signup_ids(now)
    return sum(each(signup_ids, partial(_send_if_due, now), "sign-up {}"))


def _past_signup_ids(now: datetime) -> list[int]:
    """Sign-ups without a survey for a date that began within the lookback (and two days)."""
    since = now - rules.SURVEY_LOOKBACK - timedelta(days=2)
    began = (EventSignup.occurrence_start > since, EventSignup.occurrence_start < now)
    stmt = sa.select(EventSignup.id).where(EventSignup.survey_sent_at.is_(None), *began)
    return db.session.scalars(stmt.order_by(EventSignup.id)).all()


def _send_if_due(now: datetime, signup_id: int) -> bool:
    signup = db.session.get(EventSignup, signup_id)
    if not _survey_due(signup, now):
        return False
    _send(signup, now)
    db.session.flush()
    return True


def _survey_due(signup: EventSignup, now: datetime) -> bool:
    """Not sent yet, the event still published and its date over."""
    end = signup.occurrence_start + (signup.event.end_at - signup.event.start_at)
    still_published = signup.event.status == "published"
    return signup.survey_sent_at is None and still_published and rules.survey_due(end, now)


def _send(signup: EventSignup, now: datetime) -> None:
    link = absolute_url("events.survey", token=tokens.sign(PURPOSE, signup.id))
    queue_mail(
        signup.email,
        _l("How was “%(title)s”?", title=signup.event.text("title", signup.locale)),
        "events/survey",
        locale=signup.locale,
        name=signup.name,
        event=signup.event,
        link=link,
        days=rules.SURVEY_DAYS,
    )
    signup.survey_sent_at = now


def signup_of(token: str) -> EventSignup:
    """The sign-up a survey link was made for; refused when forged, expired or already used."""
    try:
        signup_id = tokens.unsign(PURPOSE, token, max_age=rules.SURVEY_DAYS * 86400)
    except tokens.TokenExpired as exc:
        raise DomainError(_l("This survey link has expired.")) from exc
    except tokens.TokenInvalid as exc:
        raise DomainError(_l("This survey link is not valid.")) from exc
    signup = db.session.get(EventSignup, signup_id)
    if signup is None:
        raise DomainError(_l("This survey link has expired."))
    if signup.survey_answered_at is not None:
        raise DomainError(_l("This survey has already been answered with this link. Thank you!"))
    return signup


def answer_survey(token: str, rating, comment: str, now: datetime) -> EventFeedback:
    """Store one anonymous answer for the link's event; the link cannot be used again."""
    signup = db.session.get(EventSignup, signup_of(token).id, with_for_update=True)
    if signup.survey_answered_at is not None:
        raise DomainError(_l("This survey has already been answered with this link. Thank you!"))
    if not rules.rating_valid(rating):
        raise DomainError(_l("Please choose a rating from one to five."), field="rating")
    feedback = EventFeedback(
        event_id=signup.event_id,
        rating=rating,
        comment=(comment or "").strip()[:1000],
        answered_on=local_date(now),
    )
    signup.survey_answered_at = now
    db.session.add(feedback)
    db.session.flush()
    return feedback
