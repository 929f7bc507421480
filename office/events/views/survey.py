"""The short satisfaction survey after an event, reached from the link in its mail."""

from flask import render_template
from flask_babel import gettext as _

from office.core.access import public
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.forms import render_form
from office.core.transaction import perform
from office.events import bp
from office.events.forms import SurveyForm
from office.events.services import surveys
from office.extensions import limiter


@bp.route("/survey/<token>", methods=["GET", "POST"])
@public
@limiter.limit("30 per hour", methods=["POST"])
def survey(token: str):
    try:
        signup = surveys.signup_of(token)
    except DomainError as refused:
        return render_template("events/survey_done.html", message=refused.message), 410
    form = SurveyForm()
    if form.validate_on_submit() and perform(
        surveys.answer_survey, token, form.rating.data, form.comment.data, utcnow(), form=form
    ):
        message = _("Thank you! Your answer is stored without your name.")
        return render_template("events/survey_done.html", message=message)
    return render_form("events/survey.html", form, event=signup.event)
