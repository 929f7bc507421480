"""Staff pages of the follow-up chain: recommendations, the political answers to them, and
reports on their implementation."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import local_now
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.extensions import db
from office.processes import bp, queries
from office.processes.forms import (
    AnswerForm,
    CommentPeriodForm,
    MinorityStatementForm,
    PledgeForm,
    PledgeReportForm,
    ProgressForm,
    RecommendationForm,
    SupportForm,
)
from office.processes.models import Pledge, Process, Recommendation
from office.processes.services import drafts, follow_up, partners
from office.processes.views.manage import department_choices


def _details(form: RecommendationForm) -> dict:
    return {
        "title": form.title.data,
        "text": form.text.data,
        "department_id": form.department.data,
        "answer_due_on": form.answer_due_on.data,
        "due_on": form.due_on.data,
        "council_paper_url": (form.council_paper_url.data or "").strip(),
    }


@bp.route("/<int:process_id>/recommendations/new", methods=["GET", "POST"])
@staff_required
def new_recommendation(process_id):
    process = db.session.get(Process, process_id) or abort(404)
    form = RecommendationForm()
    form.department.choices = department_choices(_("Not assigned yet"))
    if form.validate_on_submit() and (
        done := perform(follow_up.add_recommendation, process, **_details(form), form=form)
    ):
        flash(_("The recommendation is saved as a draft."), "success")
        return redirect(url_for("processes.recommendation", rec_id=done.value.id))
    return render_form("processes/recommendation_form.html", form, process=process)


def _forms(rec: Recommendation) -> dict:
    shown = None if request.method == "POST" else rec
    forms = {
        "answer": AnswerForm(prefix="answer", obj=shown),
        "details": RecommendationForm(prefix="details", obj=shown),
        "progress": ProgressForm(prefix="progress"),
        "pledge": PledgeForm(prefix="pledge"),
        "period": CommentPeriodForm(prefix="period", obj=shown),
        "support": SupportForm(prefix="support"),
        "minority": MinorityStatementForm(prefix="minority"),
        "draft": ActionForm(prefix="draft"),
    }
    forms["pledge"].organisation.choices = [("", _("Choose a partner"))] + queries.partner_choices()
    forms["pledge"].meeting.choices = [("", _("None"))] + [
        (m.id, m.title) for m in queries.strategy_meetings_of(rec.process)
    ]
    forms["details"].department.choices = department_choices(_("Not assigned yet"))
    if request.method == "GET":
        forms["details"].department.data = rec.department_id
        forms["progress"].progress.data = rec.progress
        forms["progress"].implementation.data = rec.implementation
        forms["progress"].reported_on.data = local_now().date()
        forms["pledge"].pledged_on.data = local_now().date()
    return forms


def _answer(rec: Recommendation, form: AnswerForm):
    reasons = (form.answer_rationale.data or "", form.answer_committee.data or "")
    answered = (form.answer.data, *reasons, form.answered_on.data)
    return perform(follow_up.record_answer, rec, *answered, form=form)


def _progress(rec: Recommendation, form: ProgressForm):
    report = (form.progress.data, form.note.data, form.implementation.data, form.reported_on.data)
    return perform(follow_up.report_progress, rec, *report, current_user, form=form)


def _pledge(rec: Recommendation, form: PledgeForm):
    pledge = (form.organisation.data, form.text.data, form.pledged_on.data, form.meeting.data)
    return perform(partners.add_pledge, rec, *pledge, form=form)


def _period(rec: Recommendation, form: CommentPeriodForm):
    period = (form.comment_opens_on.data, form.comment_closes_on.data)
    return perform(drafts.open_for_comment, rec, *period, local_now().date(), form=form)


def _finalise(rec: Recommendation, form: SupportForm):
    votes = (form.votes_for.data, form.votes_against.data, form.votes_abstained.data)
    return perform(drafts.finalise, rec, *votes, local_now().date(), form=form)


def _minority(rec: Recommendation, form: MinorityStatementForm):
    return perform(
        drafts.add_minority_statement, rec, form.text.data, form.supporters.data, form=form
    )


def _back_to_draft(rec: Recommendation, form: ActionForm):
    return perform(drafts.back_to_draft, rec, local_now().date(), form=form)


def _save_details(rec: Recommendation, form: RecommendationForm):
    return perform(follow_up.update_recommendation, rec, **_details(form), form=form)


#: which form of the page does what, and what it says when done
ACTIONS = {
    "answer": (_answer, _l("The answer is saved.")),
    "details": (_save_details, _l("The recommendation is saved.")),
    "progress": (_progress, _l("The update is saved.")),
    "pledge": (_pledge, _l("The pledge is saved. It shows on the scorecard.")),
    "period": (_period, _l("The recommendation is open for comment on its public page.")),
    "support": (_finalise, _l("The recommendation is final; it shows on the scorecard.")),
    "minority": (_minority, _l("The minority statement is saved.")),
    "draft": (_back_to_draft, _l("The recommendation is a draft again.")),
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
    return _page(rec, forms, _report_forms(rec)), status


def _page(rec: Recommendation, forms: dict, report_forms: dict) -> str:
    return render_template(
        "processes/recommendation.html",
        rec=rec,
        forms=forms,
        answer_form=forms["answer"],
        progress_form=forms["progress"],
        details_form=forms["details"],
        pledge_form=forms["pledge"],
        report_forms=report_forms,
        moderation_form=ActionForm(),
    )


def _report_forms(rec: Recommendation, failed: PledgeReportForm | None = None) -> dict:
    forms = {pledge.id: _report_form(pledge) for pledge in rec.pledges}
    if failed is not None:
        forms[int(failed._prefix[1:-1])] = failed
    return forms


def _report_form(pledge: Pledge) -> PledgeReportForm:
    """The form for a partner's report on the pledge, dated today unless reported before."""
    form = PledgeReportForm(prefix=f"p{pledge.id}", obj=pledge)
    if form.reported_on.data is None:
        form.reported_on.data = local_now().date()
    return form


@bp.route("/pledges/<int:pledge_id>", methods=["POST"])
@staff_required
def report_on_pledge(pledge_id):
    """What a partner did: state, progress and a short report."""
    pledge = db.session.get(Pledge, pledge_id) or abort(404)
    form = PledgeReportForm(prefix=f"p{pledge.id}")
    if form.validate() and perform(
        partners.report_on_pledge,
        pledge,
        form.status.data,
        form.progress.data,
        form.report.data,
        form.reported_on.data,
        form=form,
    ):
        flash(_("The partner's report is saved."), "success")
        return redirect(url_for("processes.recommendation", rec_id=pledge.recommendation_id))
    rec = pledge.recommendation
    return _page(rec, _forms(rec), _report_forms(rec, form)), 422
