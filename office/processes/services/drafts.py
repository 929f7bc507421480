"""Operations between the assembly's first drafts and its final recommendations: the comment
period, residents' comments and their moderation, the assembly's vote and minority statements,
and the removal of commenters' names after the retention period. They never commit."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from office.core.clock import to_local
from office.core.errors import DomainError
from office.extensions import db
from office.processes import rules
from office.processes.models import (
    CommentStatus,
    MinorityStatement,
    Recommendation,
    RecommendationComment,
)
from office.processes.models import RecommendationStage as Stage
from office.sortition.models import Assembly

#: what the office says when rules.stage_change_problem refuses, and on which field
STAGE_REFUSALS = {
    "already_final": (_l("This recommendation is final; its stage cannot change any more."), None),
    "same_stage": (_l("The recommendation is at this stage already."), None),
    "period_missing": (
        _l("Give the first and the last day of the comment period."),
        "comment_closes_on",
    ),
    "period_reversed": (_l("The comment period cannot end before it starts."), "comment_closes_on"),
    "period_past": (_l("The comment period has to end today or later."), "comment_closes_on"),
    "process_not_public": (
        _l(
            "Residents can only comment on recommendations of a public process; publish the "
            "process first."
        ),
        None,
    ),
    "comment_period_running": (
        _l(
            "The comment period is still running; the recommendation becomes final after its "
            "last day."
        ),
        None,
    ),
}
SUPPORT_REFUSALS = {
    "not_counts": _l("Enter the votes as whole numbers of members, 0 or more."),
    "no_votes": _l("At least one member has to have voted."),
    "more_than_panel": _l(
        "More members voted (%(votes)s) than the assembly has seats (%(seats)s)."
    ),
}
MINORITY_REFUSALS = {
    "supporters_not_count": _l("A minority statement needs at least one member behind it."),
    "no_vote_recorded": _l("Record the assembly's vote first; a minority statement follows it."),
    "more_than_dissent": _l(
        "More members support the minority statement (%(supporters)s) than voted against or "
        "abstained (%(dissent)s)."
    ),
}


def _change_stage(rec: Recommendation, target: Stage, today: date, opens_on=None, closes_on=None):
    problem = rules.stage_change_problem(
        rec.stage, target, today, opens_on, closes_on, rec.process.is_public
    )
    if problem:
        message, field = STAGE_REFUSALS[problem]
        raise DomainError(message, field=field)
    rec.stage = target


def open_for_comment(rec: Recommendation, opens_on: date, closes_on: date, today: date) -> None:
    """Put a draft on its public page for residents' comments from `opens_on` to `closes_on`."""
    _change_stage(rec, Stage.OPEN_FOR_COMMENT, today, opens_on, closes_on)
    rec.comment_opens_on, rec.comment_closes_on = opens_on, closes_on
    db.session.flush()


def back_to_draft(rec: Recommendation, today: date) -> None:
    """Take a recommendation back from its comment period; the comments stay with it."""
    _change_stage(rec, Stage.DRAFT, today)
    db.session.flush()


def panel_size(rec: Recommendation) -> int | None:
    """Seats of the assembly (selection) of the recommendation's process, if there is one."""
    return db.session.scalar(
        sa.select(sa.func.max(Assembly.panel_size)).where(Assembly.process_id == rec.process_id)
    )


def finalise(rec: Recommendation, votes_for, votes_against, votes_abstained, today: date) -> None:
    """The assembly adopts the recommendation: record its vote; the text is final from now on."""
    seats = panel_size(rec)
    problem = rules.support_problem(votes_for, votes_against, votes_abstained, seats)
    if problem:
        votes = sum(v for v in (votes_for, votes_against, votes_abstained) if isinstance(v, int))
        raise DomainError(
            SUPPORT_REFUSALS[problem] % {"votes": votes, "seats": seats}, field="votes_for"
        )
    _change_stage(rec, Stage.FINAL, today, rec.comment_opens_on, rec.comment_closes_on)
    rec.votes_for, rec.votes_against, rec.votes_abstained = (
        votes_for,
        votes_against,
        votes_abstained,
    )
    rec.finalised_on = today
    db.session.flush()


def add_minority_statement(rec: Recommendation, text: str, supporters) -> MinorityStatement:
    """Attach what members who did not agree say, with how many stand behind it."""
    if rec.stage != Stage.FINAL:
        raise DomainError(MINORITY_REFUSALS["no_vote_recorded"], field="supporters")
    problem = rules.minority_problem(supporters, rec.votes_against, rec.votes_abstained)
    if problem:
        dissent = (rec.votes_against or 0) + (rec.votes_abstained or 0)
        message = MINORITY_REFUSALS[problem] % {"supporters": supporters, "dissent": dissent}
        raise DomainError(message, field="supporters")
    statement = MinorityStatement(recommendation=rec, text=text.strip(), supporters=supporters)
    db.session.add(statement)
    db.session.flush()
    return statement


# --- residents' comments ---------------------------------------------------------------------


def submit_comment(
    rec: Recommendation, name: str, email: str, text: str, consent: bool, now: datetime
) -> RecommendationComment:
    """Store a resident's comment; it shows on the page once the office has approved it. The
    period's days count in the office's time zone."""
    today = to_local(now).date()
    if not rules.accepts_comments(rec.stage, rec.comment_opens_on, rec.comment_closes_on, today):
        raise DomainError(_l("This recommendation does not take comments now."))
    if not consent:
        raise DomainError(_l("Please agree to the publication of your comment."), field="consent")
    comment = RecommendationComment(
        recommendation=rec,
        name=name.strip(),
        email=email.strip().lower(),
        text=text.strip(),
        consented_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def moderate_comment(comment: RecommendationComment, publish: bool, now: datetime) -> None:
    """Approve a comment (it shows on the public page) or take it down."""
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    comment.moderated_at = now
    db.session.flush()


def purge_comment_authors(now: datetime, today: date) -> int:
    """Remove name and email from comments whose retention period has passed (the text stays as
    "a resident"); delete the comments that were never published. Returns how many comments."""
    recs = db.session.scalars(
        sa.select(Recommendation).where(
            Recommendation.comments.any(RecommendationComment.anonymised_at.is_(None))
        )
    )
    done = 0
    for rec in recs:
        if not rules.comment_author_expired(rec.comment_closes_on, today):
            continue
        for comment in [c for c in rec.comments if c.anonymised_at is None]:
            if comment.status == CommentStatus.PUBLISHED:
                comment.name, comment.email, comment.anonymised_at = "", None, now
            else:
                rec.comments.remove(comment)
            done += 1
    db.session.flush()
    return done
