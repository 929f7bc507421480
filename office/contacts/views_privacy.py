"""Staff pages for bulk and privacy work: import, export, duplicates and merge, erasure, retention."""

import csv
import glob
import io
import json
import os
import re
import secrets
import time

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from office.auth.sessions import recent_password_required
from office.contacts import bp
from office.contacts.forms import ConfirmImportForm, EraseForm, ImportForm, MergeForm, RetentionForm
from office.contacts.models import ContactAudit, Person
from office.contacts.rules import DEFAULT_RETENTION_YEARS, spreadsheet_safe
from office.contacts.services import importing, merge, privacy
from office.contacts.services.audit import audit
from office.contacts.services.people import people_query
from office.contacts.views import current_filters, get_person
from office.core.access import staff_required
from office.core.clock import utcnow
from office.core.errors import DomainError
from office.core.forms import show_domain_error
from office.core.pagination import paginate
from office.core.security_log import security_event
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


@bp.route("/export.csv")
@staff_required
@recent_password_required
def export_csv():
    """The filtered list as CSV, in the same columns the import reads."""
    stmt = people_query(current_filters()).options(
        selectinload(Person.expertise), selectinload(Person.districts)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for p in db.session.scalars(stmt.limit(EXPORT_LIMIT)).unique():
        row = [
            p.first_name,
            p.last_name,
            p.email or "",
            p.phone or "",
            p.organisation.name if p.organisation else "",
            "; ".join(t.name for t in p.tags),
            "; ".join(e.name for e in p.expertise),
            "; ".join(d.name for d in p.districts),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
        count += 1
    audit("csv_export", current_user, count=count)
    security_event("export", current_user, kind="contacts_csv", count=count)
    db.session.commit()
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="contacts.csv"'},
    )


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
            token = secrets.token_urlsafe(24)
            os.makedirs(current_app.config["UPLOAD_FOLDER"], exist_ok=True)
            _remove_stale_uploads(current_app.config["UPLOAD_FOLDER"])
            with open(_upload_path(token), "wb") as f:
                f.write(data)
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "contacts/import.html",
        form=form,
        preview=preview,
        confirm_form=ConfirmImportForm(token=token),
    ), status


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
    try:
        created = importing.import_contacts(importing.parse_contacts_csv(data), actor=current_user)
    except DomainError as err:
        db.session.rollback()
        flash(str(err.message), "error")
        return redirect(url_for("contacts.import_upload"))
    db.session.commit()
    os.remove(path)
    flash(_("%(n)s contacts imported.", n=created), "success")
    return redirect(url_for("contacts.index"))


@bp.route("/people/<int:person_id>/export.json")
@staff_required
@recent_password_required
def export_person(person_id):
    """Everything stored about the person in every module (right of access)."""
    person = get_person(person_id)
    data = privacy.export_person(person, current_user)
    db.session.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="person-{person.id}.json"'},
    )


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
@staff_required
@recent_password_required
def erase_person(person_id):
    person = get_person(person_id)
    form = EraseForm()
    if form.validate_on_submit():
        if form.confirm.data.strip().upper() not in ("ERASE", _("ERASE")):
            form.confirm.errors = [_("Type ERASE to confirm.")]
        else:
            try:
                privacy.erase_person(person, current_user)
            except DomainError as err:
                db.session.rollback()
                show_domain_error(form, err)
            else:
                db.session.commit()
                flash(_("The person has been erased in all modules."), "success")
                return redirect(url_for("contacts.index"))
    return render_template("contacts/erase.html", person=person, form=form)


@bp.route("/duplicates")
@staff_required
def duplicates():
    return render_template("contacts/duplicates.html", pairs=merge.find_duplicates())


@bp.route("/merge", methods=["GET", "POST"])
@staff_required
def merge_people():
    form = MergeForm(
        data=None
        if request.method == "POST"
        else {"keep": request.args.get("keep"), "drop": request.args.get("drop")}
    )
    try:
        keep = get_person(int(form.keep.data or 0))
        drop = get_person(int(form.drop.data or 0))
    except ValueError:
        abort(404)
    if form.validate_on_submit():
        try:
            merge.merge_people(keep, drop, current_user)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            flash(_("The two entries are merged."), "success")
            return redirect(url_for("contacts.person", person_id=keep.id))
    return render_template("contacts/merge.html", keep=keep, drop=drop, form=form)


@bp.route("/retention")
@staff_required
def retention():
    """People without activity for some years: review and erase or keep."""
    form = RetentionForm(request.args)
    default = current_app.config.get("CONTACTS_RETENTION_YEARS", DEFAULT_RETENTION_YEARS)
    years = form.years.data if form.validate() and form.years.data else default
    form.years.data = years
    page = paginate(
        privacy.retention_query(utcnow(), years).options(joinedload(Person.organisation)),
        request.args.get("page"),
        50,
    )
    return render_template("contacts/retention.html", page=page, form=form, years=years)


@bp.route("/audit")
@staff_required
def audit_log():
    page = paginate(
        sa.select(ContactAudit)
        .options(joinedload(ContactAudit.actor))
        .order_by(ContactAudit.at.desc()),
        request.args.get("page"),
        50,
    )
    return render_template("contacts/audit.html", page=page)
