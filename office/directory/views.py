import csv
import io

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from office.core import cache
from office.core.access import login_required, public, staff_required
from office.core.clock import utcnow
from office.core.errors import DomainError, NotFound
from office.core.forms import ActionForm, show_domain_error
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.pagination import paginate
from office.directory import bp, logos, services
from office.directory.forms import (
    ChangesForm,
    DirectoryFilterForm,
    EditInitiativeForm,
    InitiativeForm,
    InviteForm,
    ModerationForm,
    RegistrationForm,
)
from office.directory.models import INITIATIVE_STATUSES, Initiative
from office.directory.rules import MAX_LOGO_BYTES
from office.extensions import db, limiter

PER_PAGE = 20
#: uploads up to this size reach the form, so a too-large logo is a form error, not a 413
UPLOAD_LIMIT = 25 * 1024 * 1024


def _reference_data():
    districts = list(db.session.scalars(sa.select(District).order_by(District.name)))
    topics = sorted(db.session.scalars(sa.select(Topic)), key=lambda t: t.name.lower())
    return districts, topics


def _filter_from_args(form: DirectoryFilterForm, districts, topics) -> services.DirectoryFilter:
    by_slug_d = {d.slug: d.id for d in districts}
    by_slug_t = {t.slug: t.id for t in topics}
    form.validate()
    return services.DirectoryFilter(
        q=(form.q.data or "").strip() if not form.q.errors else "",
        district_id=by_slug_d.get(form.district.data or ""),
        topic_id=by_slug_t.get(form.topic.data or ""),
        language=form.language.data if not form.language.errors else "",
    )


def _data(form: InitiativeForm) -> services.InitiativeData:
    return services.InitiativeData(
        name=form.name.data or "",
        short_description=form.short_description.data or "",
        description=form.description.data or "",
        district_ids=tuple(form.districts.data or ()),
        topic_ids=tuple(form.topics.data or ()),
        language_codes=tuple(form.languages.data or ()),
        meeting_place=form.meeting_place.data or "",
        meeting_times=form.meeting_times.data or "",
        accessibility=form.accessibility.data or "",
        website=form.website.data or "",
        contact_email=form.contact_email.data or "",
        founded_year=form.founded_year.data,
    )


def _logo_bytes(form: InitiativeForm) -> bytes | None:
    upload = form.logo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    return upload.read(MAX_LOGO_BYTES + 1)


def _fail(form, err: DomainError) -> None:
    db.session.rollback()
    show_domain_error(form, err)


#: what the directory list shows
DIRECTORY_TABLES = (
    "initiatives",
    "initiative_districts",
    "initiative_topics",
    "initiative_languages",
    "districts",
    "topics",
)


@bp.route("/")
@public
def index():
    def context():
        districts, topics = _reference_data()
        form = DirectoryFilterForm(request.args)
        form.set_choices(districts, topics)
        flt = _filter_from_args(form, districts, topics)
        page = paginate(services.directory_query(flt), request.args.get("page"), PER_PAGE)
        return {"form": form, "page": page, "logo_url": services.logo_url}

    body = cache.rendered("directory.index", DIRECTORY_TABLES, "directory/_index.html", context)
    return render_template("directory/index.html", body=body)


@bp.route("/<int:initiative_id>")
@public
def show(initiative_id: int):
    try:
        initiative = services.initiative_for_viewer(current_user, initiative_id)
    except NotFound:
        abort(404)
    from office.events.services import upcoming_of_initiative

    return render_template(
        "directory/show.html",
        initiative=initiative,
        events=upcoming_of_initiative(initiative.id, utcnow()) if initiative.is_public else [],
        logo_url=services.logo_url(initiative),
        can_edit=services.can_edit_initiative(current_user, initiative),
    )


@bp.route("/logos/<filename>")
@public
def logo(filename: str):
    return send_from_directory(logos.logo_folder(), filename, mimetype="image/webp", max_age=86400)


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def register():
    request.max_content_length = UPLOAD_LIMIT
    logged_in = current_user.is_authenticated
    form = (InitiativeForm if logged_in else RegistrationForm)()
    form.set_choices(*_reference_data())
    if form.validate_on_submit():
        try:
            if logged_in:
                services.register_for_user(current_user, _data(form), utcnow(), _logo_bytes(form))
            else:
                services.register_initiative(
                    _data(form),
                    form.rep_name.data,
                    form.email.data,
                    form.password.data,
                    utcnow(),
                    locale=str(get_locale()),
                    logo_bytes=_logo_bytes(form),
                )
        except DomainError as err:
            _fail(form, err)
        else:
            db.session.commit()
            if logged_in:
                flash(_("Thank you. The office will review the entry soon."), "success")
                return redirect(url_for("directory.mine"))
            return redirect(url_for("directory.registered"))
    return render_template("directory/register.html", form=form, logged_in=logged_in)


@bp.route("/registered")
@public
def registered():
    """After self-registration: please confirm your address."""
    return render_template("directory/registered.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token: str):
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.confirm_registration(token, utcnow())
        except DomainError as err:
            db.session.rollback()
            return render_template("directory/confirm.html", form=form, error=err.message), 400
        db.session.commit()
        flash(
            _(
                "Your email address is confirmed. You can log in; the office will review your entry."
            ),
            "success",
        )
        return redirect(url_for("auth.login", next=url_for("directory.mine")))
    return render_template("directory/confirm.html", form=form, error=None)


@bp.route("/mine")
@login_required
def mine():
    return render_template("directory/mine.html", initiatives=services.initiatives_of(current_user))


def _editable(initiative_id: int) -> Initiative:
    try:
        return services.editable_initiative(current_user, initiative_id)
    except NotFound:
        abort(404)


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
@login_required
def edit(initiative_id: int):
    request.max_content_length = UPLOAD_LIMIT
    initiative = _editable(initiative_id)
    values = services.current_values(initiative)
    values["districts"] = values.pop("district_ids")
    values["topics"] = values.pop("topic_ids")
    values["languages"] = values.pop("language_codes")
    form = EditInitiativeForm(data=values)
    form.set_choices(*_reference_data())
    if form.validate_on_submit():
        try:
            waiting = services.update_initiative(
                current_user,
                initiative,
                _data(form),
                utcnow(),
                logo_bytes=_logo_bytes(form),
                remove_logo=form.remove_logo.data,
            )
        except DomainError as err:
            _fail(form, err)
        else:
            db.session.commit()
            if waiting:
                flash(
                    _(
                        "Saved. Changes to name, descriptions, districts and topics are shown once the office has reviewed them."
                    ),
                    "success",
                )
            else:
                flash(_("Your changes are saved."), "success")
            return redirect(url_for("directory.show", initiative_id=initiative.id))
    return render_template(
        "directory/edit.html",
        form=form,
        initiative=initiative,
        logo_url=services.logo_url(initiative),
    )


@bp.route("/<int:initiative_id>/representatives", methods=["GET", "POST"])
@login_required
def representatives(initiative_id: int):
    initiative = _editable(initiative_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_representative(
                current_user, initiative, form.email.data, form.name.data
            )
        except DomainError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s now represents the initiative and has been told by email.",
                    name=form.name.data,
                ),
                "success",
            )
            return redirect(url_for("directory.representatives", initiative_id=initiative.id))
    return render_template("directory/representatives.html", form=form, initiative=initiative)


@bp.route("/<int:initiative_id>/representatives/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_representative(initiative_id: int, user_id: int):
    initiative = _editable(initiative_id)
    if ActionForm().validate_on_submit():
        try:
            services.remove_representative(current_user, initiative, user_id)
        except NotFound:
            abort(404)
        except DomainError as err:
            db.session.rollback()
            flash(str(err.message), "error")
        else:
            db.session.commit()
            flash(_("The representative has been removed."), "success")
    return redirect(url_for("directory.representatives", initiative_id=initiative.id))


@bp.route("/moderation")
@staff_required
def moderation():
    """The queue, and every entry of one status (to find archived or rejected ones again)."""
    status = request.args.get("status", "")
    page = None
    if status in INITIATIVE_STATUSES:
        stmt = services.directory_query(
            services.DirectoryFilter(q=request.args.get("q", "")[:100]), (status,)
        )
        page = paginate(stmt, request.args.get("page"), 50)
    return render_template(
        "directory/moderation.html",
        queue=services.moderation_queue(),
        statuses=INITIATIVE_STATUSES,
        status=status,
        page=page,
    )


@bp.route("/<int:initiative_id>/moderate", methods=["GET", "POST"])
@staff_required
def moderate(initiative_id: int):
    initiative = db.session.get(Initiative, initiative_id) or abort(404)
    form = ModerationForm(prefix="m")
    changes_form = ChangesForm(prefix="c")
    if "m-decision" in request.form and form.validate_on_submit():
        try:
            services.moderate(
                current_user, initiative, form.decision.data, form.reason.data, utcnow()
            )
        except DomainError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("The decision is saved and the initiative has been told by email."), "success")
            return redirect(url_for("directory.moderation"))
    elif "c-decision" in request.form and changes_form.validate_on_submit():
        try:
            services.decide_changes(
                current_user,
                initiative,
                changes_form.decision.data == "accept",
                changes_form.reason.data,
                utcnow(),
            )
        except DomainError as err:
            _fail(changes_form, err)
        else:
            db.session.commit()
            flash(_("The decision is saved and the initiative has been told by email."), "success")
            return redirect(url_for("directory.moderation"))
    districts, topics = _reference_data()
    return render_template(
        "directory/moderate.html",
        initiative=initiative,
        form=form,
        changes_form=changes_form,
        logo_url=services.logo_url(initiative),
        district_names={d.id: d.name for d in districts},
        topic_names={t.id: t.name for t in topics},
    )


EXPORT_COLUMNS = (
    "id", "name", "short_description", "districts", "topics", "languages", "meeting_place",
    "meeting_times", "accessibility", "website", "contact_email", "founded_year", "url",
)  # fmt: skip


def _csv_safe(value) -> str:
    # a leading =, +, - or @ would run as a formula in spreadsheet programs
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@bp.route("/export.csv")
@public
def export_csv():
    districts, topics = _reference_data()
    form = DirectoryFilterForm(request.args)
    form.set_choices(districts, topics)
    flt = _filter_from_args(form, districts, topics)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for i in db.session.scalars(services.directory_query(flt)):
        writer.writerow(
            _csv_safe(v)
            for v in (
                i.id,
                i.name,
                i.short_description,
                "; ".join(d.name for d in i.districts),
                "; ".join(t.slug for t in i.topics),
                " ".join(i.language_codes),
                i.meeting_place,
                i.meeting_times,
                i.accessibility,
                i.website,
                i.contact_email,
                i.founded_year,
                absolute_url("directory.show", initiative_id=i.id),
            )  # fmt: skip
        )
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="initiatives.csv"'},
    )


@bp.app_template_global("language_name_map")
def language_name_map() -> dict:
    """Language names in the reader's language, by ISO code."""
    from office.directory.forms import language_choices

    return dict(language_choices())
