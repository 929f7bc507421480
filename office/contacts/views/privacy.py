"""Staff pages for bulk and privacy work: import, export, duplicates and merge, erasure, retention."""

import glob
import json
import os
import re
import secrets
import time

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from office.contacts import bp, queries
from office.contacts.forms import ConfirmImportForm, EraseForm, ImportForm, MergeForm, RetentionForm
from office.contacts.models import Person
from office.contacts.rules import DEFAULT_RETENTION_YEARS
from office.contacts.services import importing, merge, rights
from office.contacts.views.people import current_filters, get_person
from office.core import audit_trail, bounds
from office.core.access import recent_password_required, staff_required
from office.core.clock import utcnow
from office.core.db import writes_on_get
from office.core.documents import download
from office.core.errors import DomainError
from office.core.forms import render_form, show_domain_error
from office.core.pagination import paginate
from office.core.privacy import erasure_consequences
from office.core.spreadsheets import csv_response
from office.core.transaction import perform
from office.extensions import db

#: a filtered CSV export holds at most this many people
EXPORT_LIMIT = 100_000
EXPORT_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "tags",
    "expertise",
    "districts",
)


def _export_row(p: Person) -> list[str]:
    return [
        p.first_name,
        p.last_name,
        p.email or "",
        p.phone or "",
        p.organisation.name if p.organisation else "",
        "; ".join(t.name for t in p.tags),
        "; ".join(e.name for e in p.expertise),
        "; ".join(d.name for d in p.districts),
    ]


@bp.route("/export.csv")
@writes_on_get
@staff_required
@recent_password_required
def export_csv():
    """The filtered list as CSV, in the same columns the import reads."""
    stmt = queries.people_query(current_filters()).options(
        selectinload(Person.expertise), selectinload(Person.districts)
    )
    rows = [_export_row(p) for p in db.session.scalars(stmt.limit(EXPORT_LIMIT)).unique()]
    perform(rights.record_list_export, current_user, len(rows))
    return csv_response("contacts.csv", EXPORT_COLUMNS, rows)


def _upload_path(token: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token or ""):
        abort(404)
    return os.path.join(current_app.config["UPLOAD_FOLDER"], f"contacts-import-{token}.csv")


#: an uploaded file waits this long for its confirmation
UPLOAD_MAX_AGE_SECONDS = 24 * 3600


def _remove_stale_uploads(folder: str) -> None:
    """Uploaded files that were never confirmed are removed after a day (they hold personal data)."""
    for path in glob.glob(os.path.join(folder, "contacts-import-*.csv")):
        if time.time() - os.path.getmtime(path) > UPLOAD_MAX_AGE_SECONDS:
            os.remove(path)


def _keep_upload(data: bytes) -> str:
    """Keep the uploaded file until it is confirmed; the token names it."""
    token = secrets.token_urlsafe(24)
    os.makedirs(current_app.config["UPLOAD_FOLDER"], exist_ok=True)
    _remove_stale_uploads(current_app.config["UPLOAD_FOLDER"])
    with open(_upload_path(token), "wb") as f:
        f.write(data)
    return token


@bp.route("/import", methods=["GET", "POST"])
@staff_required
def import_upload():
    """Step 1: upload; step 2 (same page): the preview with every row's problems."""
    form = ImportForm()
    preview = token = None
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            preview = importing.parse_contacts_csv(data)
        except DomainError as err:
            show_domain_error(form, err)
        else:
            token = _keep_upload(data)
    return render_form(
        "contacts/import.html", form, preview=preview, confirm_form=ConfirmImportForm(token=token)
    )


@bp.route("/import/confirm", methods=["POST"])
@staff_required
def import_confirm():
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    path = _upload_path(form.token.data)
    if not os.path.exists(path):
        flash(_("The uploaded file has expired. Please upload it again."), "error")
        return redirect(url_for("contacts.import_upload"))
    with open(path, "rb") as f:
        data = f.read()
    imported = perform(importing.import_csv, data, actor=current_user)
    if not imported:
        return redirect(url_for("contacts.import_upload"))
    os.remove(path)
    flash(_("%(n)s contacts imported.", n=imported.value), "success")
    return redirect(url_for("contacts.index"))


@bp.route("/people/<int:person_id>/export.json")
@writes_on_get
@staff_required
@recent_password_required
def export_person(person_id):
    """Everything stored about the person in every module (right of access)."""
    person = get_person(person_id)
    data = perform(rights.export_person, person, current_user).value
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return download(body, "application/json", f"person-{person.id}.json")


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
@staff_required
@recent_password_required
def erase_person(person_id):
    person = get_person(person_id)
    form = EraseForm()
    if (
        form.validate_on_submit()
        and form.confirmed()
        and perform(rights.erase_person, person, current_user, form=form)
    ):
        flash(_("The person has been erased in all modules."), "success")
        return redirect(url_for("contacts.index"))
    consequences = erasure_consequences(person.email) if person.email else []
    return render_form("contacts/erase.html", form, person=person, consequences=consequences)


@bp.route("/duplicates")
@staff_required
def duplicates():
    return render_template("contacts/duplicates.html", pairs=merge.find_duplicates())


def _merge_form() -> MergeForm:
    if request.method == "POST":
        return MergeForm()
    return MergeForm(data={"keep": request.args.get("keep"), "drop": request.args.get("drop")})


@bp.route("/merge", methods=["GET", "POST"])
@staff_required
def merge_people():
    form = _merge_form()
    keep = get_person(bounds.parse_int(form.keep.data) or 0)
    drop = get_person(bounds.parse_int(form.drop.data) or 0)
    if form.validate_on_submit() and perform(
        merge.merge_people, keep, drop, current_user, form=form
    ):
        flash(_("The two entries are merged."), "success")
        return redirect(url_for("contacts.person", person_id=keep.id))
    return render_form("contacts/merge.html", form, keep=keep, drop=drop)


@bp.route("/retention")
@staff_required
def retention():
    """People without activity for some years: review and erase or keep."""
    form = RetentionForm(request.args)
    years = _retention_years(form)
    page = _inactive_people(years)
    return render_template("contacts/retention.html", page=page, form=form, years=years)


def _retention_years(form: RetentionForm) -> int:
    """The years asked for, else the office's setting; the form shows the years used."""
    default = current_app.config.get("CONTACTS_RETENTION_YEARS", DEFAULT_RETENTION_YEARS)
    form.years.data = form.years.data if form.validate() and form.years.data else default
    return form.years.data


def _inactive_people(years: int):
    stmt = queries.retention_query(utcnow(), years).options(joinedload(Person.organisation))
    return paginate(stmt, request.args.get("page"), 50)


@bp.route("/audit")
@staff_required
def audit_log():
    return audit_trail.trail_page(
        _("Audit log of the contacts"),
        _(
            "Exports, imports, merges and erasures of contact data. The log names the person only "
            "by number."
        ),
        "contacts.audit_log_csv",
        module="contacts",
    )


@bp.route("/audit.csv")
@staff_required
def audit_log_csv():
    return audit_trail.trail_csv(module="contacts")
