"""Submitting a help request and confirming the address."""

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from babel.dates import get_day_names
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import public
from office.core.errors import NotFound
from office.core.formatting import money
from office.core.forms import ActionForm, confirm_link_page, link_button_pressed
from office.core.transaction import perform, perform_once
from office.extensions import db, limiter
from office.requests import bp, rules
from office.requests.forms import (
    CHOICE_LABELS,
    detail_labels,
    request_form_class,
)
from office.requests.labels import CLOCK_LABELS, CLOCK_STATE_LABELS, STATUS_LABELS, TYPE_LABELS
from office.requests.models import HelpRequest
from office.requests.services import intake


def _detail_value(key: str, value):
    """A detail as people read it: a choice's label, an amount as money ("1.234,50 €")."""
    if key == "amount" and value not in (None, ""):
        return _amount(value)
    return CHOICE_LABELS.get(key, {}).get(value, value)


def _amount(value):
    """An amount as money; a value that is not a number as it is."""
    try:
        return money(Decimal(str(value)))
    except InvalidOperation:
        return value


@bp.app_context_processor
def _labels():
    labels = detail_labels()
    return {
        "request_status_label": STATUS_LABELS,
        "request_type_label": TYPE_LABELS,
        "detail_label": lambda key: labels.get(key, key),
        "detail_value": _detail_value,
        "clock_label": CLOCK_LABELS,
        "clock_state_label": CLOCK_STATE_LABELS,
        "weekday_name": lambda day: get_day_names("wide", locale=get_locale())[day],
    }


def _available_types():
    actor = current_user if current_user.is_authenticated else None
    return [t for t in rules.REQUEST_TYPES if intake.may_submit_type(actor or object(), t)]


@bp.route("/")
@public
def index():
    mine = []
    if current_user.is_authenticated:
        mine = db.session.scalars(
            sa.select(HelpRequest)
            .where(HelpRequest.requester_id == current_user.id)
            .order_by(HelpRequest.id.desc())
        ).all()
    return render_template("requests/index.html", types=_available_types(), mine=mine)


@bp.route("/new/<type_>", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def new(type_):
    if type_ not in rules.REQUEST_TYPES:
        abort(404)
    if type_ not in _available_types():
        abort(404)
    is_public = not current_user.is_authenticated
    form = request_form_class(type_, is_public)()
    if form.validate_on_submit():
        done = perform_once(
            form.submission_key.data if is_public else None,
            intake.submit_request,
            _requester(form, is_public),
            type_,
            title=form.title.data,
            description=form.description.data,
            details={name: getattr(form, name).data for name in rules.REQUEST_TYPES[type_]},
            attachments=_uploads(form),
            form=form,
        )
        if done.repeated:  # sent again (a retry): stored once, answered as the first time
            return render_template("requests/check_email.html", email=form.email.data)
        if done and is_public:
            return render_template(
                "requests/check_email.html",
                email=done.value.requester_email,
                first_response_hours=rules.SERVICE_LEVELS[type_]["first_response"],
            )
        if done:
            flash(
                _("Your request %(ref)s has been submitted.", ref=done.value.reference), "success"
            )
            return redirect(url_for("requests.show", request_id=done.value.id))
    return render_template("requests/new.html", form=form, type_=type_, is_public=is_public)


def _requester(form, is_public: bool):
    """The signed-in user, or the contact the public gives on the form."""
    if not is_public:
        return current_user._get_current_object()
    return intake.Contact(
        name=form.name.data,
        email=form.email.data,
        organisation=form.organisation.data or "",
        phone=form.phone.data or "",
        locale=str(_current_locale()),
    )


def _uploads(form) -> list:
    files = request.files.getlist(form.attachments.name)
    return [intake.Upload(f.filename, f.read()) for f in files if f and f.filename]


def _current_locale():
    return get_locale()


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token):
    if not link_button_pressed():
        return confirm_link_page(
            _("Confirm your request"),
            _("Please confirm your email address: then we will work on your request."),
            _("Confirm my address"),
        )
    done = perform(intake.confirm_email, token, form=ActionForm())
    if isinstance(done.error, NotFound):
        abort(404)
    if not done:
        return render_template(
            "errors/error.html", status=400, title=_("Link not valid"), message=done.error.message
        ), 400
    req = done.value
    flash(_("Thank you, your address is confirmed. We have received your request."), "success")
    return redirect(url_for("requests.private", token=intake.access_token(req)))
