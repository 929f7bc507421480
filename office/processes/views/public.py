"""Public pages: the Vorhabenliste, a process, suggestions, the scorecard; print and CSV."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from office.core import cache
from office.core.access import is_staff, public
from office.core.clock import local_now
from office.core.forms import ActionForm, render_form
from office.core.page_cache import kept
from office.core.pagination import paginate
from office.core.spreadsheets import csv_response
from office.core.transaction import perform
from office.extensions import db
from office.processes import bp, queries
from office.processes.forms import SuggestionForm
from office.processes.models import Process, RecommendationStage
from office.processes.rules import accepts_suggestions, answer_overdue
from office.processes.services import catalogue
from office.processes.views.records import CSV_COLUMNS, current_filters, process_record

PER_PAGE = 20
#: the printable list and the exports hold at most this many processes
EXPORT_LIMIT = 5000


def visible_process(process_id: int) -> Process:
    process = db.session.get(Process, process_id)
    if process is None or not (process.is_public or is_staff(current_user)):
        abort(404)
    return process


#: what the process list shows
LIST_TABLES = (
    "processes",
    "process_districts",
    "process_topics",
    "organisations",
    "districts",
    "topics",
)

#: what a process page shows (its translations are columns of these rows)
DETAIL_TABLES = (
    *LIST_TABLES,
    "process_methods",
    "process_contacts",
    "process_phases",
    "process_suggestions",
    "recommendations",
    "methods",
    "persons",
    "sortition_assemblies",
    "assembly_plans",
)

#: what a scorecard shows
SCORECARD_TABLES = (
    "processes",
    "recommendations",
    "organisations",
    "implementation_updates",
    "pledges",
    "minority_statements",
)


@bp.route("/")
@public
@kept
def index():
    """The Vorhabenliste: public processes with filters, search and pages."""
    staff = is_staff(current_user)

    def context():
        filters = current_filters()
        matching = queries.catalogue_query(filters, include_internal=staff)
        page = paginate(matching, request.args.get("page"), PER_PAGE)
        return {"page": page, "filters": filters, "staff": staff, **queries.filter_options()}

    body = cache.rendered(
        "processes.index", LIST_TABLES, "processes/_list.html", context, parts=(staff,)
    )
    return render_template("processes/index.html", body=body, staff=staff)


@bp.route("/print")
@public
def printable():
    filters = current_filters()
    processes = (
        db.session.scalars(queries.catalogue_query(filters).limit(EXPORT_LIMIT)).unique().all()
    )
    return render_template("processes/print.html", processes=processes, today=local_now().date())


@bp.route("/export.csv")
@public
def export_csv():
    processes = db.session.scalars(
        queries.catalogue_query(current_filters()).limit(EXPORT_LIMIT)
    ).unique()
    return csv_response("processes.csv", CSV_COLUMNS, (_csv_row(p) for p in processes))


def _csv_row(process) -> list:
    record = process_record(process)
    record["districts"] = "; ".join(record["districts"])
    record["topics"] = "; ".join(record["topics"])
    return [record[column] for column in CSV_COLUMNS]


@bp.route("/<int:process_id>", methods=["GET", "POST"])
@public
@kept
def detail(process_id):
    process = visible_process(process_id)
    form = SuggestionForm()
    open_for_suggestions = accepts_suggestions(process.status, process.is_public)
    if (
        open_for_suggestions
        and form.validate_on_submit()
        and perform(
            catalogue.submit_suggestion,
            process,
            form.name.data,
            form.email.data,
            form.text.data,
            str(get_locale()),
            form=form,
        )
    ):
        flash(
            _("Thank you. Please confirm your suggestion with the link we sent you by email."),
            "success",
        )
        return redirect(url_for("processes.detail", process_id=process.id))
    staff = is_staff(current_user)

    def context():
        db.session.refresh(process)  # read after the change tokens: never filed under newer ones
        return {
            "process": process,
            "staff": staff,
            "suggestions": queries.published_suggestions(process),
            "drafts": queries.recommendations_of(process, RecommendationStage.OPEN_FOR_COMMENT),
            "assemblies": queries.public_assemblies(process),
            "strategy_meetings": [m for m in queries.strategy_meetings_of(process) if m.is_public],
        }

    body = cache.rendered(
        "processes.detail",
        DETAIL_TABLES,
        "processes/_detail_body.html",
        context,
        parts=(process.id, staff),
    )
    return render_form(
        "processes/detail.html",
        form,
        process=process,
        body=body,
        open_for_suggestions=open_for_suggestions,
    )


@bp.route("/suggestions/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_suggestion(token):
    """The link from the email shows a button; only the button confirms (mail scanners follow links)."""
    form = ActionForm()
    if form.validate_on_submit():
        outcome = perform(catalogue.confirm_suggestion, token)
        if not outcome:
            return _invalid_link(outcome.error.message)
        flash(_("Your suggestion is confirmed. It will be shown after a short review."), "success")
        return redirect(url_for("processes.detail", process_id=outcome.value.process_id))
    suggestion = catalogue.unconfirmed_suggestion(token)
    if suggestion is None:
        return _invalid_link(_("This confirmation link is not valid or has been used already."))
    return render_template("processes/confirm_suggestion.html", suggestion=suggestion, form=form)


def _invalid_link(message):
    return render_template(
        "errors/error.html", status=404, title=_("Link not valid"), message=message
    ), 404


@bp.route("/<int:process_id>/scorecard")
@public
@kept
def scorecard(process_id):
    """How many recommendations were answered, accepted and implemented; overdue answers stand out."""
    process = visible_process(process_id)
    staff = is_staff(current_user)

    def context():
        db.session.refresh(process)  # read after the change tokens: never filed under newer ones
        today = local_now().date()
        recommendations = queries.recommendations_of(process)
        overdue = {
            r.id for r in recommendations if answer_overdue(r.answer, r.answer_due_on, today)
        }
        return {
            "process": process,
            "recommendations": recommendations,
            "card": queries.scorecard_for(process, today),
            "overdue": overdue,
            "staff": staff,
            "drafts": queries.unfinished_recommendations(process) if staff else [],
        }

    # timed: an answer becomes overdue when the day turns
    body = cache.rendered(
        "processes.scorecard",
        SCORECARD_TABLES,
        "processes/_scorecard_body.html",
        context,
        parts=(process.id, staff),
        timed=True,
    )
    return render_template("processes/scorecard.html", process=process, body=body)
