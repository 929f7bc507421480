"""Staff pages of the follow-up chain: recommendations, the political answers to them, and
reports on their implementation."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import local_now
from office.core.forms import render_form
from office.core.transaction import perform
from office.extensions import db
from office.processes import bp
from office.processes.forms import AnswerForm, ProgressForm, RecommendationForm
from office.processes.models import Process, Recommendation
from office.processes.services import follow_up
from office.processes.views.manage import department_choices


def _details(form: RecommendationForm) -> dict:
    return {
        "title": form.title.data, "text": form.text.data,
        "minority_statement": form.minority_statement.data or "",
        "department_id": form.department.data, "answer_due_on": form.answer_due_on.data,
        "due_on": form.due_on.data, "council_paper_url": (form.council_paper_url.data or "").strip(),
    }  # fmt: skip


@bp.route("/<int:process_id>/recommendations/new", methods=["GET", "POST"])
@staff_required
def new_recommendation(process_id):
    process = db.session.get(Process, process_id) or abort(404)
    form = RecommendationForm()
    form.department.choices = department_choices(_("Not assigned yet"))
    if form.validate_on_submit() and perform(
        follow_up.add_recommendation, process, **_details(form), form=form
    ):
        flash(_("The recommendation is saved."), "success")
        return redirect(url_for("processes.scorecard", process_id=process.id))
    return render_form("processes/recommendation_form.html", form, process=process)


def _forms(rec: Recommendation) -> dict:
    shown = None if request.method == "POST" else rec
    forms = {
        "answer": AnswerForm(prefix="answer", obj=shown),
        "details": RecommendationForm(prefix="details", obj=shown),
        "progress": ProgressForm(prefix="progress"),
    }
    forms["details"].department.choices = department_choices(_("Not assigned yet"))
    if request.method == "GET":
        forms["details"].department.data = rec.department_id
        forms["progress"].progress.data = rec.progress
        forms["progress"].implementation.data = rec.implementation
        forms["progress"].reported_on.data = local_now().date()
    return forms


def _answer(rec: Recommendation, form: AnswerForm):
    return perform(
        follow_up.record_answer, rec, form.answer.data, form.answer_rationale.data or "",
        form.answer_committee.data or "", form.answered_on.data, form=form,
    )  # fmt: skip


def _progress(rec: Recommendation, form: ProgressForm):
    return perform(
        follow_up.report_progress, rec, form.progress.data, form.note.data,
        form.implementation.data, form.reported_on.data, current_user, form=form,
    )  # fmt: skip


def _save_details(rec: Recommendation, form: RecommendationForm):
    return perform(follow_up.update_recommendation, rec, **_details(form), form=form)


#: which form of the page does what, and what it says when done
ACTIONS = {
    "answer": (_answer, _l("The answer is saved.")),
    "details": (_save_details, _l("The recommendation is saved.")),
    "progress": (_progress, _l("The update is saved.")),
}


@bp.route("/recommendations/<int:rec_id>", methods=["GET", "POST"])
@staff_required
def recommendation(rec_id):
    """Edit a recommendation, record the political answer, report implementation progress."""
    rec = db.session.get(Recommendation, rec_id) or abort(404)
    forms = _forms(rec)
    which = request.form.get("form", "")
    status = 200
    if request.method == "POST":
        action, message = ACTIONS.get(which, (None, ""))
        if action and forms[which].validate() and action(rec, forms[which]):
            flash(message, "success")
            return redirect(url_for("processes.recommendation", rec_id=rec.id))
        status = 422
    return render_template(
        "processes/recommendation.html", rec=rec, answer_form=forms["answer"],
        progress_form=forms["progress"], details_form=forms["details"],
    ), status  # fmt: skip
