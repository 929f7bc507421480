"""The office's moderation of the directory: the queue, entries by status, decisions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import utcnow
from office.core.forms import render_form
from office.core.pagination import paginate
from office.core.transaction import perform
from office.directory import bp, queries
from office.directory.forms import ChangesForm, ModerationForm
from office.directory.models import INITIATIVE_STATUSES, Initiative
from office.directory.services import moderation as moderating
from office.extensions import db


@bp.route("/moderation")
@staff_required
def moderation():
    """The queue, and every entry of one status (to find archived or rejected ones again)."""
    status = request.args.get("status", "")
    page = None
    if status in INITIATIVE_STATUSES:
        flt = queries.DirectoryFilter(q=request.args.get("q", "")[:100])
        page = paginate(queries.directory_query(flt, (status,)), request.args.get("page"), 50)
    return render_template(
        "directory/moderation.html",
        queue=moderating.moderation_queue(),
        statuses=INITIATIVE_STATUSES,
        status=status,
        page=page,
    )


def _decided(form, initiative: Initiative, changes: bool):
    if changes:
        return perform(
            moderating.decide_changes,
            current_user,
            initiative,
            form.decision.data == "accept",
            form.reason.data,
            utcnow(),
            form=form,
        )
    return perform(
        moderating.moderate,
        current_user,
        initiative,
        form.decision.data,
        form.reason.data,
        utcnow(),
        form=form,
    )


@bp.route("/<int:initiative_id>/moderate", methods=["GET", "POST"])
@staff_required
def moderate(initiative_id: int):
    initiative = db.session.get(Initiative, initiative_id) or abort(404)
    form, changes_form = ModerationForm(prefix="m"), ChangesForm(prefix="c")
    submitted = form if "m-decision" in request.form else changes_form
    if submitted.validate_on_submit() and _decided(
        submitted, initiative, submitted is changes_form
    ):
        flash(_("The decision is saved and the initiative has been told by email."), "success")
        return redirect(url_for("directory.moderation"))
    districts, topics = queries.reference_data()
    return render_form(
        "directory/moderate.html",
        submitted,
        initiative=initiative,
        moderation_form=form,
        changes_form=changes_form,
        logo_url=queries.logo_url(initiative),
        district_names={d.id: d.name for d in districts},
        topic_names={t.id: t.name for t in topics},
    )
