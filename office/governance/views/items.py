"""Items under review, votes and decisions; the decisions register and the audit log."""

from functools import partial

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core import audit_trail
from office.core.access import access, public, roles, staff_required
from office.core.clock import utcnow
from office.core.pagination import paginate
from office.extensions import db
from office.governance import bp, forms
from office.governance.models import (
    AgendaItem,
    BoardMember,
    Decision,
)
from office.governance.services import members as membership
from office.governance.services import review
from office.governance.views.board import STAFF_AND_BOARD, _commit_or_show, _is_board_or_staff


def _item_or_404(item_id) -> AgendaItem:
    return db.session.get(AgendaItem, item_id) or abort(404)


def _item_page(item, status=200, **forms_given):
    member = membership.member_for_user(current_user)
    outcome, version = review.outcome_for(item)
    record = forms.RecordVoteForm(prefix="record", formdata=None)
    record.member.choices = _attendee_choices(item)
    context = {
        "item": item,
        "member": member,
        "outcome": outcome,
        "version": version,
        "my_vote": next((v for v in item.votes if member and v.member_id == member.id), None),
        "my_conflict": next(
            (c for c in item.conflicts if member and c.member_id == member.id), None
        ),
        "comment_form": forms.CommentForm(prefix="comment", formdata=None),
        "conflict_form": forms.ConflictForm(prefix="conflict", formdata=None),
        "vote_form": forms.VoteForm(prefix="vote", formdata=None),
        "record_form": record,
        "decide_form": forms.DecideForm(prefix="decide", formdata=None),
        "staff": current_user.has_role("office_staff"),
        "now": utcnow(),
        "voters": review.who_voted(item),
    }
    context.update(forms_given)
    return render_template("governance/item.html", **context), status


def _attendee_choices(item: AgendaItem) -> list[tuple[str, str]]:
    """The members present at the item's meeting (none for a written procedure)."""
    if item.meeting is None:
        return []
    return [(str(a.member_id), a.member.name) for a in item.meeting.attendance]


def _on_item(found: AgendaItem, form, form_name: str, step, done_message: str):
    """A step on the item: back to the item when done, else its page with the refusal (422)."""
    target = url_for("governance.item", item_id=found.id)
    if form.validate_on_submit() and (done := _commit_or_show(form, step, done_message, target)):
        return done
    return _item_page(found, 422, **{form_name: form})


@bp.route("/items/<int:item_id>")
@access(STAFF_AND_BOARD)
def item(item_id):
    return _item_page(_item_or_404(item_id))


def _member_or_403():
    member = membership.member_for_user(current_user)
    if member is None:
        abort(403)
    return member


@bp.route("/items/<int:item_id>/comment", methods=["POST"])
@access(roles("board_member"))
def comment(item_id):
    found, member = _item_or_404(item_id), _member_or_403()
    form = forms.CommentForm(prefix="comment")
    add = partial(review.comment, member, found, form.body.data)
    return _on_item(found, form, "comment_form", add, _("Your comment has been added."))


@bp.route("/items/<int:item_id>/conflict", methods=["POST"])
@access(roles("board_member"))
def conflict(item_id):
    found, member = _item_or_404(item_id), _member_or_403()
    form = forms.ConflictForm(prefix="conflict")
    declare = partial(review.declare_conflict, current_user, member, found, form.reason.data)
    done = _("Your conflict of interest has been recorded. You do not vote on this item.")
    return _on_item(found, form, "conflict_form", declare, done)


@bp.route("/items/<int:item_id>/vote", methods=["POST"])
@access(roles("board_member"))
def vote(item_id):
    found, member = _item_or_404(item_id), _member_or_403()
    form = forms.VoteForm(prefix="vote")
    cast = partial(review.cast_vote, current_user, member, found, form.choice.data)
    return _on_item(found, form, "vote_form", cast, _("Your vote has been recorded."))


@bp.route("/items/<int:item_id>/record-vote", methods=["POST"])
@staff_required
def record_vote(item_id):
    found = _item_or_404(item_id)
    form = forms.RecordVoteForm(prefix="record")
    form.member.choices = _attendee_choices(found)
    cast = partial(_cast_for_chosen_member, found, form)
    return _on_item(found, form, "record_form", cast, _("The vote has been recorded."))


def _cast_for_chosen_member(found: AgendaItem, form) -> None:
    """Staff record the vote a member present at the meeting gave there."""
    member = db.session.get(BoardMember, int(form.member.data))
    review.cast_vote(current_user, member, found, form.choice.data)


@bp.route("/items/<int:item_id>/decide", methods=["POST"])
@staff_required
def decide(item_id):
    found = _item_or_404(item_id)
    form = forms.DecideForm(prefix="decide")
    decision = partial(review.decide, current_user, found, form.rationale.data)
    return _on_item(found, form, "decide_form", decision, _("The decision has been recorded."))


@bp.route("/decisions")
@public
def decisions():
    page = paginate(review.public_decisions_statement(), request.args.get("page"), per_page=30)
    return render_template("governance/decisions.html", page=page)


@bp.route("/decisions/<int:decision_id>")
@public
def decision(decision_id):
    found = db.session.get(Decision, decision_id)
    if found is None or (not found.item.public and not _is_board_or_staff()):
        abort(404)
    return render_template("governance/decision.html", decision=found)


@bp.route("/audit")
@staff_required
def audit_log():
    return audit_trail.trail_page(
        _("Audit log of the board"),
        _(
            "Every governance action, in the order it happened. Entries cannot be changed or "
            "deleted."
        ),
        "governance.audit_log_csv",
        module="governance",
    )


@bp.route("/audit.csv")
@staff_required
def audit_log_csv():
    return audit_trail.trail_csv(module="governance")
