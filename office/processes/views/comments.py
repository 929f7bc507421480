"""A recommendation's public page, where residents comment during its comment period, and the
office's moderation of the comments (hidden until approved; a published one can be taken down)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import is_staff, public, staff_required
from office.core.clock import local_now, utcnow
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform, perform_once
from office.extensions import db, limiter
from office.processes import bp, queries
from office.processes.forms import CommentForm
from office.processes.models import Recommendation, RecommendationComment, RecommendationStage
from office.processes.rules import accepts_comments
from office.processes.services import drafts


def _public_recommendation(rec_id: int) -> Recommendation:
    """A recommendation the visitor may see: drafts and internal processes only for staff."""
    rec = db.session.get(Recommendation, rec_id)
    staff = is_staff(current_user)
    if (
        rec is None
        or not staff
        and (rec.stage == RecommendationStage.DRAFT or not rec.process.is_public)
    ):
        abort(404)
    return rec


@bp.route("/drafts/<int:rec_id>", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def comment_on(rec_id):
    """A recommendation with its published comments; during the comment period, the form."""
    rec = _public_recommendation(rec_id)
    today = local_now().date()
    form = CommentForm()
    if form.validate_on_submit() and perform_once(
        form.submission_key.data,
        drafts.submit_comment,
        rec,
        form.name.data,
        form.email.data,
        form.text.data,
        form.consent.data,
        utcnow(),
        form=form,
    ):
        flash(
            _("Thank you. Your comment will be shown here once the office has checked it."),
            "success",
        )
        return redirect(url_for("processes.comment_on", rec_id=rec.id))
    return render_form(
        "processes/comment_on.html",
        form,
        rec=rec,
        today=today,
        open_now=accepts_comments(rec.stage, rec.comment_opens_on, rec.comment_closes_on, today),
    )


@bp.route("/comments")
@staff_required
def comment_moderation():
    return render_template(
        "processes/comment_moderation.html", comments=queries.pending_comments(), form=ActionForm()
    )


@bp.route("/comments/<int:comment_id>/<any(publish, reject):decision>", methods=["POST"])
@staff_required
def moderate_comment(comment_id, decision):
    comment = db.session.get(RecommendationComment, comment_id) or abort(404)
    publish = decision == "publish"
    if ActionForm().validate_on_submit() and perform(
        drafts.moderate_comment, comment, publish, utcnow()
    ):
        flash(
            _("The comment is published.") if publish else _("The comment is not shown."),
            "success",
        )
    back = request.form.get("back") == "recommendation"
    if back:
        return redirect(url_for("processes.recommendation", rec_id=comment.recommendation_id))
    return redirect(url_for("processes.comment_moderation"))
