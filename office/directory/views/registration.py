"""Representatives' pages: registering an initiative, confirming the address, editing an entry,
and sharing it with co-representatives."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from office.core.access import login_required, public
from office.core.clock import utcnow
from office.core.errors import NotFound
from office.core.forms import ActionForm, render_form
from office.core.transaction import perform
from office.core.translations import version_data
from office.directory import bp, queries
from office.directory.forms import EditInitiativeForm, InitiativeForm, InviteForm, RegistrationForm
from office.directory.models import Initiative
from office.directory.rules import MAX_LOGO_BYTES
from office.directory.services import editing
from office.directory.services import representatives as reps
from office.extensions import limiter

#: uploads up to this size reach the form, so a too-large logo is a form error, not a 413
UPLOAD_LIMIT = 25 * 1024 * 1024


def _data(form: InitiativeForm) -> editing.InitiativeData:
    return editing.InitiativeData(
        name=form.name.data or "",
        short_description=form.short_description.data or "",
        description=form.description.data or "",
        district_ids=tuple(form.districts.data or ()),
        topic_ids=tuple(form.topics.data or ()),
        language_codes=tuple(form.languages.data or ()),
        meeting_place=form.meeting_place.data or "",
        venue_id=form.venue.data,
        meeting_times=form.meeting_times.data or "",
        accessibility=form.accessibility.data or "",
        website=form.website.data or "",
        contact_email=form.contact_email.data or "",
        founded_year=form.founded_year.data,
        translations=form.translations(),
    )


def _logo_bytes(form: InitiativeForm) -> bytes | None:
    upload = form.logo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    return upload.read(MAX_LOGO_BYTES + 1)


def _register_as_guest(form: RegistrationForm):
    return perform(
        editing.register_initiative,
        _data(form),
        form.rep_name.data,
        form.email.data,
        form.password.data,
        utcnow(),
        locale=str(get_locale()),
        logo_bytes=_logo_bytes(form),
        form=form,
    )


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def register():
    request.max_content_length = UPLOAD_LIMIT
    logged_in = current_user.is_authenticated
    form = (InitiativeForm if logged_in else RegistrationForm)()
    form.set_choices(*queries.reference_data())
    if form.validate_on_submit() and logged_in:
        if perform(
            editing.register_for_user,
            current_user,
            _data(form),
            utcnow(),
            _logo_bytes(form),
            form=form,
        ):
            flash(_("Thank you. The office will review the entry soon."), "success")
            return redirect(url_for("directory.mine"))
    elif form.validate_on_submit() and _register_as_guest(form):
        return redirect(url_for("directory.registered"))
    return render_form("directory/register.html", form, logged_in=logged_in)


@bp.route("/registered")
@public
def registered():
    """After self-registration: please confirm your address."""
    return render_template("directory/registered.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token: str):
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("directory/confirm.html", form=form, error=None)
    outcome = perform(editing.confirm_registration, token, utcnow(), form=form)
    if not outcome:
        return render_template(
            "directory/confirm.html", form=form, error=outcome.error.message
        ), 400
    flash(
        _("Your email address is confirmed. You can log in; the office will review your entry."),
        "success",
    )
    return redirect(url_for("auth.login", next=url_for("directory.mine")))


@bp.route("/mine")
@login_required
def mine():
    return render_template("directory/mine.html", initiatives=queries.initiatives_of(current_user))


def _editable(initiative_id: int) -> Initiative:
    try:
        return editing.editable_initiative(current_user, initiative_id)
    except NotFound:
        abort(404)


def _edit_form(initiative: Initiative) -> EditInitiativeForm:
    form = EditInitiativeForm(data=_form_values(initiative))
    form.set_choices(*queries.reference_data())
    return form


def _form_values(initiative: Initiative) -> dict:
    """The entry's current values under the form's field names, with its language versions."""
    values = editing.current_values(initiative)
    values["districts"] = values.pop("district_ids")
    values["topics"] = values.pop("topic_ids")
    values["languages"] = values.pop("language_codes")
    return values | version_data(initiative)


SAVED_FOR_REVIEW = _l(
    "Saved. Changes to name, descriptions, districts and topics are shown once the office has "
    "reviewed them."
)


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
@login_required
def edit(initiative_id: int):
    request.max_content_length = UPLOAD_LIMIT
    initiative = _editable(initiative_id)
    form = _edit_form(initiative)
    outcome = form.validate_on_submit() and perform(
        editing.update_initiative,
        current_user,
        initiative,
        _data(form),
        utcnow(),
        logo_bytes=_logo_bytes(form),
        remove_logo=form.remove_logo.data,
        form=form,
    )
    if outcome:
        flash(SAVED_FOR_REVIEW if outcome.value else _("Your changes are saved."), "success")
        return redirect(url_for("directory.show", initiative_id=initiative.id))
    return render_form(
        "directory/edit.html", form, initiative=initiative, logo_url=queries.logo_url(initiative)
    )


@bp.route("/<int:initiative_id>/representatives", methods=["GET", "POST"])
@login_required
def representatives(initiative_id: int):
    initiative = _editable(initiative_id)
    form = InviteForm()
    if form.validate_on_submit() and perform(
        reps.invite_representative,
        current_user,
        initiative,
        form.email.data,
        form.name.data,
        form=form,
    ):
        flash(
            _(
                "%(name)s now represents the initiative and has been told by email.",
                name=form.name.data,
            ),
            "success",
        )
        return redirect(url_for("directory.representatives", initiative_id=initiative.id))
    return render_form("directory/representatives.html", form, initiative=initiative)


@bp.route("/<int:initiative_id>/representatives/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_representative(initiative_id: int, user_id: int):
    initiative = _editable(initiative_id)
    if not any(r.user_id == user_id for r in initiative.representatives):
        abort(404)
    if ActionForm().validate_on_submit() and perform(
        reps.remove_representative, current_user, initiative, user_id
    ):
        flash(_("The representative has been removed."), "success")
    return redirect(url_for("directory.representatives", initiative_id=initiative.id))
