"""Staff pages of participation around the catalogue: moderating suggestions, and departments'
proposals for new processes."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import access, roles, staff_required
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.extensions import db
from office.methods.models import Method
from office.processes import bp, queries
from office.processes.forms import ProposalForm
from office.processes.models import Process, ProcessProposal, Suggestion
from office.processes.services import catalogue


@bp.route("/suggestions")
@staff_required
def moderation():
    return render_template(
        "processes/moderation.html", suggestions=queries.pending_suggestions(), form=ActionForm()
    )


@bp.route("/suggestions/<int:suggestion_id>/<any(publish, reject):decision>", methods=["POST"])
@staff_required
def moderate(suggestion_id, decision):
    suggestion = db.session.get(Suggestion, suggestion_id) or abort(404)
    publish = decision == "publish"
    if ActionForm().validate_on_submit() and perform(
        catalogue.moderate_suggestion, suggestion, publish=publish
    ):
        flash(
            _("The suggestion is published.") if publish else _("The suggestion is rejected."),
            "success",
        )
    return redirect(url_for("processes.moderation"))


def _proposal_form() -> ProposalForm:
    form = ProposalForm()
    form.method.choices = [("", _("Not sure yet"))] + [
        (m.id, m.text("name")) for m in queries.methods()
    ]
    form.based_on.choices = [("", _("None"))] + [
        (p.id, p.title) for p in queries.public_processes()
    ]
    based = request.args.get("based_on", "")
    if request.method == "GET" and based.isdigit():
        form.based_on.data = int(based)
    return form


def _proposed(form: ProposalForm):
    method = db.session.get(Method, form.method.data) if form.method.data else None
    based_on = db.session.get(Process, form.based_on.data) if form.based_on.data else None
    return perform(
        catalogue.propose_process,
        current_user,
        form.title.data,
        form.description.data,
        method=method,
        based_on=based_on,
        wanted_start=form.wanted_start.data,
        form=form,
    )


@bp.route("/propose", methods=["GET", "POST"])
@access(roles("office_staff", "department_staff"))
def propose():
    form = _proposal_form()
    if form.validate_on_submit() and _proposed(form):
        flash(
            _(
                "Thank you. The participation office has received your proposal and will contact you."
            ),
            "success",
        )
        return redirect(url_for("processes.propose"))
    mine = queries.proposals_of(current_user.organisation_id)
    return render_form("processes/propose.html", form, proposals=mine)


@bp.route("/proposals")
@staff_required
def proposals():
    return render_template("processes/proposals.html", proposals=queries.all_proposals())


@bp.route("/proposals/<int:proposal_id>/<any(accept, decline):decision>", methods=["POST"])
@staff_required
def decide_proposal(proposal_id, decision):
    proposal = db.session.get(ProcessProposal, proposal_id) or abort(404)
    reason = request.form.get("reason", "")[:2000]
    if ActionForm().validate_on_submit() and perform(
        catalogue.decide_proposal, current_user, proposal, decision == "accept", reason
    ):
        flash(
            _("The proposal is accepted; a draft process waits in the catalogue.")
            if decision == "accept"
            else _("The proposal is declined; the department has been told."),
            "success",
        )
    return redirect(url_for("processes.proposals"))
