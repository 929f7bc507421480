"""Staff pages: edit processes, phases, recommendations and answers; moderate; proposals."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.contacts.models import Membership, Organisation, Person
from office.core.access import access, roles, staff_required
from office.core.clock import local_now
from office.core.errors import DomainError
from office.core.forms import ActionForm, show_domain_error
from office.core.models import District, Topic
from office.extensions import db
from office.methods.models import Method
from office.processes import bp, services
from office.processes.forms import (
    AnswerForm,
    PhaseForm,
    ProcessForm,
    ProgressForm,
    ProposalForm,
    RecommendationForm,
)
from office.processes.models import Phase, Process, ProcessProposal, Recommendation, Suggestion


def _departments():
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.kind == "department")
            .order_by(Organisation.name)
        )
    )


def _department_choices(blank):
    return [("", blank)] + [(d.id, d.name) for d in _departments()]


def _fill_choices(form: ProcessForm) -> None:
    form.lead_department.choices = _department_choices(_("No lead department"))
    form.methods.choices = [
        (m.id, m.name) for m in db.session.scalars(sa.select(Method).order_by(Method.slug))
    ]
    form.districts.choices = [
        (d.id, d.name) for d in db.session.scalars(sa.select(District).order_by(District.name))
    ]
    form.topics.choices = sorted(
        ((t.id, t.name) for t in db.session.scalars(sa.select(Topic))), key=lambda c: c[1]
    )
    contacts = db.session.scalars(
        sa.select(Person)
        .join(Membership)
        .where(Membership.participation_contact.is_(True), Person.erased_at.is_(None))
        .order_by(Person.last_name, Person.first_name)
        .distinct()
    )
    form.contacts.choices = [(p.id, p.name) for p in contacts]


def _apply(form: ProcessForm, process: Process) -> None:
    for name in (
        "title",
        "summary",
        "status",
        "level",
        "cost_estimate",
        "council_reference",
        "is_public",
    ):
        setattr(process, name, getattr(form, name).data)
    process.lead_department_id = form.lead_department.data
    process.methods = list(
        db.session.scalars(sa.select(Method).where(Method.id.in_(form.methods.data or [])))
    )
    process.districts = list(
        db.session.scalars(sa.select(District).where(District.id.in_(form.districts.data or [])))
    )
    process.topics = list(
        db.session.scalars(sa.select(Topic).where(Topic.id.in_(form.topics.data or [])))
    )
    process.contacts = list(
        db.session.scalars(sa.select(Person).where(Person.id.in_(form.contacts.data or [])))
    )


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    form = ProcessForm()
    _fill_choices(form)
    if form.validate_on_submit():
        process = Process()
        _apply(form, process)
        db.session.add(process)
        db.session.commit()
        flash(_("The process is saved. Add its phases below."), "success")
        return redirect(url_for("processes.edit", process_id=process.id))
    return render_template("processes/form.html", form=form, process=None)


@bp.route("/<int:process_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(process_id):
    process = db.session.get(Process, process_id) or abort(404)
    form = ProcessForm(obj=None if request.method == "POST" else process)
    _fill_choices(form)
    if request.method == "GET":
        form.lead_department.data = process.lead_department_id
        form.methods.data = [m.id for m in process.methods]
        form.districts.data = [d.id for d in process.districts]
        form.topics.data = [t.id for t in process.topics]
        form.contacts.data = [p.id for p in process.contacts]
    if form.validate_on_submit():
        _apply(form, process)
        db.session.commit()
        flash(_("The process is saved."), "success")
        return redirect(url_for("processes.detail", process_id=process.id))
    return render_template(
        "processes/form.html", form=form, process=process, phase_form=PhaseForm(prefix="phase")
    )


@bp.route("/<int:process_id>/delete", methods=["GET", "POST"])
@staff_required
def delete(process_id):
    """Delete a process entered by mistake, with its phases, recommendations and suggestions."""
    process = db.session.get(Process, process_id) or abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        services.delete_process(process)
        db.session.commit()
        flash(_("The process is deleted."), "success")
        return redirect(url_for("processes.index"))
    return render_template("processes/delete.html", process=process, form=form)


@bp.route("/<int:process_id>/phases", methods=["POST"])
@staff_required
def add_phase(process_id):
    process = db.session.get(Process, process_id) or abort(404)
    phase_form = PhaseForm(prefix="phase")
    if phase_form.validate_on_submit():
        try:
            services.add_phase(
                process,
                phase_form.title.data,
                phase_form.starts_on.data,
                phase_form.ends_on.data,
                phase_form.is_public_meeting.data,
                phase_form.location.data or "",
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(phase_form, err)
        else:
            db.session.commit()
            flash(_("The phase is added."), "success")
            return redirect(url_for("processes.edit", process_id=process.id))
    form = ProcessForm(obj=process)
    _fill_choices(form)
    return render_template(
        "processes/form.html", form=form, process=process, phase_form=phase_form
    ), 400


@bp.route("/<int:process_id>/phases/<int:phase_id>/delete", methods=["POST"])
@staff_required
def delete_phase(process_id, phase_id):
    process = db.session.get(Process, process_id) or abort(404)
    phase = db.session.get(Phase, phase_id)
    if phase is None or phase.process_id != process.id:
        abort(404)
    services.remove_phase(process, phase)
    db.session.commit()
    flash(_("The phase is removed."), "success")
    return redirect(url_for("processes.edit", process_id=process.id))


# --- recommendations ---------------------------------------------------------------------


@bp.route("/<int:process_id>/recommendations/new", methods=["GET", "POST"])
@staff_required
def new_recommendation(process_id):
    process = db.session.get(Process, process_id) or abort(404)
    form = RecommendationForm()
    form.department.choices = _department_choices(_("Not assigned yet"))
    if form.validate_on_submit():
        services.add_recommendation(
            process,
            title=form.title.data,
            text=form.text.data,
            minority_statement=form.minority_statement.data or "",
            department_id=form.department.data,
            answer_due_on=form.answer_due_on.data,
            due_on=form.due_on.data,
        )
        db.session.commit()
        flash(_("The recommendation is saved."), "success")
        return redirect(url_for("processes.scorecard", process_id=process.id))
    return render_template("processes/recommendation_form.html", form=form, process=process)


def _recommendation(rec_id) -> Recommendation:
    return db.session.get(Recommendation, rec_id) or abort(404)


@bp.route("/recommendations/<int:rec_id>", methods=["GET", "POST"])
@staff_required
def recommendation(rec_id):
    """Edit a recommendation, record the political answer, report implementation progress."""
    rec = _recommendation(rec_id)
    answer_form = AnswerForm(prefix="answer", obj=None if request.method == "POST" else rec)
    progress_form = ProgressForm(prefix="progress")
    details_form = RecommendationForm(
        prefix="details", obj=None if request.method == "POST" else rec
    )
    details_form.department.choices = _department_choices(_("Not assigned yet"))
    if request.method == "GET":
        details_form.department.data = rec.department_id
    if request.method == "GET":
        progress_form.progress.data = rec.progress
        progress_form.implementation.data = rec.implementation
        progress_form.reported_on.data = local_now().date()
    status = 200
    if request.method == "POST":
        which = request.form.get("form")
        try:
            if which == "answer" and answer_form.validate():
                services.record_answer(
                    rec,
                    answer_form.answer.data,
                    answer_form.answer_rationale.data or "",
                    answer_form.answer_committee.data or "",
                    answer_form.answered_on.data,
                )
                message = _("The answer is saved.")
            elif which == "details" and details_form.validate():
                services.update_recommendation(
                    rec,
                    title=details_form.title.data,
                    text=details_form.text.data,
                    minority_statement=details_form.minority_statement.data or "",
                    department_id=details_form.department.data,
                    answer_due_on=details_form.answer_due_on.data,
                    due_on=details_form.due_on.data,
                )
                message = _("The recommendation is saved.")
            elif which == "progress" and progress_form.validate():
                services.report_progress(
                    rec,
                    progress_form.progress.data,
                    progress_form.note.data,
                    progress_form.implementation.data,
                    progress_form.reported_on.data,
                    current_user,
                )
                message = _("The update is saved.")
            else:
                message = None
        except DomainError as err:
            db.session.rollback()
            show_domain_error(
                {"answer": answer_form, "details": details_form}.get(which, progress_form), err
            )
            message = None
        if message:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("processes.recommendation", rec_id=rec.id))
        status = 400
    return render_template(
        "processes/recommendation.html",
        rec=rec,
        answer_form=answer_form,
        progress_form=progress_form,
        details_form=details_form,
    ), status


# --- moderation and proposals ------------------------------------------------------------


@bp.route("/suggestions")
@staff_required
def moderation():
    suggestions = db.session.scalars(
        sa.select(Suggestion)
        .where(Suggestion.status == "pending")
        .order_by(Suggestion.confirmed_at)
        .limit(200)
    ).all()
    return render_template("processes/moderation.html", suggestions=suggestions, form=ActionForm())


@bp.route("/suggestions/<int:suggestion_id>/<any(publish, reject):decision>", methods=["POST"])
@staff_required
def moderate(suggestion_id, decision):
    suggestion = db.session.get(Suggestion, suggestion_id) or abort(404)
    if ActionForm().validate_on_submit():
        try:
            services.moderate_suggestion(suggestion, publish=decision == "publish")
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            db.session.commit()
            flash(
                _("The suggestion is published.")
                if decision == "publish"
                else _("The suggestion is rejected."),
                "success",
            )
    return redirect(url_for("processes.moderation"))


@bp.route("/propose", methods=["GET", "POST"])
@access(roles("office_staff", "department_staff"))
def propose():
    form = ProposalForm()
    form.method.choices = [("", _("Not sure yet"))] + [
        (m.id, m.name) for m in db.session.scalars(sa.select(Method).order_by(Method.slug))
    ]
    based = request.args.get("based_on", "")
    form.based_on.choices = [("", _("None"))] + [
        (p.id, p.title)
        for p in db.session.scalars(
            sa.select(Process).where(Process.is_public.is_(True)).order_by(Process.title).limit(500)
        )
    ]
    if request.method == "GET" and based.isdigit():
        form.based_on.data = int(based)
    if form.validate_on_submit():
        services.propose_process(
            current_user,
            form.title.data,
            form.description.data,
            method=db.session.get(Method, form.method.data) if form.method.data else None,
            based_on=db.session.get(Process, form.based_on.data) if form.based_on.data else None,
            wanted_start=form.wanted_start.data,
        )
        db.session.commit()
        flash(
            _(
                "Thank you. The participation office has received your proposal and will contact you."
            ),
            "success",
        )
        return redirect(url_for("processes.propose"))
    mine = []
    if current_user.organisation_id:
        mine = db.session.scalars(
            sa.select(ProcessProposal)
            .where(ProcessProposal.department_id == current_user.organisation_id)
            .order_by(ProcessProposal.created_at.desc())
            .limit(50)
        ).all()
    return render_template("processes/propose.html", form=form, proposals=mine)


@bp.route("/proposals")
@staff_required
def proposals():
    items = db.session.scalars(
        sa.select(ProcessProposal)
        .order_by(ProcessProposal.status != "new", ProcessProposal.created_at.desc())
        .limit(200)
    ).all()
    return render_template("processes/proposals.html", proposals=items)


@bp.route("/proposals/<int:proposal_id>/<any(accept, decline):decision>", methods=["POST"])
@staff_required
def decide_proposal(proposal_id, decision):
    proposal = db.session.get(ProcessProposal, proposal_id) or abort(404)
    if ActionForm().validate_on_submit():
        try:
            services.decide_proposal(proposal, accept=decision == "accept")
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            db.session.commit()
            flash(_("The proposal is marked as decided."), "success")
    return redirect(url_for("processes.proposals"))
