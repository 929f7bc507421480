"""The accessibility statement with its feedback form, and the page in Leichte Sprache."""

from datetime import date
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from office.accessibility import bp, rules, services
from office.accessibility.forms import FeedbackForm
from office.core.access import public
from office.core.forms import render_form
from office.core.transaction import perform
from office.extensions import limiter


def _statement_context() -> dict:
    config = current_app.config
    body, address = rules.enforcement_body(config.get("OFFICE_SELLER_COUNTRY", "DE"))
    return {
        "office": config["OFFICE_NAME"],
        "site": urlsplit(config["OFFICE_BASE_URL"]).netloc or config["OFFICE_BASE_URL"],
        "prepared": date.fromisoformat(config["OFFICE_ACCESSIBILITY_STATEMENT_DATE"]),
        "national_url": config["OFFICE_ACCESSIBILITY_STATEMENT_URL"],
        "contact": config["OFFICE_ACCESSIBILITY_CONTACT"],
        "enforcement": body,
        "enforcement_url": address,
    }


def _referring_page() -> str:
    referrer = urlsplit(request.referrer or "")
    return referrer.path if referrer.netloc == request.host else ""


@bp.route("/accessibility", methods=["GET", "POST"])
@public
@limiter.limit("5 per hour", methods=["POST"])
def statement():
    form = FeedbackForm()
    if request.method == "GET":
        form.page.data = _referring_page()
    if form.validate_on_submit() and perform(
        services.send_feedback,
        form.message.data,
        form.page.data or "",
        form.email.data,
        form=form,
    ):
        flash(_("Thank you. Your message has reached us."), "success")
        return redirect(url_for("accessibility.statement") + "#feedback")
    return render_form("accessibility/statement.html", form, **_statement_context())


@bp.route("/leichte-sprache")
@public
def easy_language():
    config = current_app.config
    office, contact = config["OFFICE_NAME"], config["OFFICE_ACCESSIBILITY_CONTACT"]
    return render_template("accessibility/easy_language.html", office=office, contact=contact)
