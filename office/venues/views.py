"""Pages of the venue directory: the public list and page, staff editing and moderation,
initiatives' suggestions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import access, public, roles, staff_required
from office.core.forms import render_form
from office.core.transaction import perform
from office.events import interface as events
from office.extensions import db
from office.venues import bp, queries, rules
from office.venues.forms import ModerateVenueForm, SuggestVenueForm, VenueFilterForm, VenueForm
from office.venues.labels import FEATURE_LABELS, KIND_LABELS, STATUS_LABELS
from office.venues.models import Venue
from office.venues.services import VenueData, moderate_venue, save_venue


def _filter(args):
    """(district id, access features, unknown names) from the query arguments."""
    districts = {d.slug: d.id for d in queries.districts()}
    unknown = rules.unknown_features(filter(None, args.getlist("access")))
    district = args.get("district", "")
    if district and district not in districts:
        unknown.append("district")
    access = [a for a in args.getlist("access") if a in rules.ACCESS_FEATURES]
    return districts.get(district), access, unknown


@bp.route("/")
@public
def index():
    district_id, access, unknown = _filter(request.args)
    form = VenueFilterForm(request.args)
    form.district.choices = [("", _("All"))] + [(d.slug, d.name) for d in queries.districts()]
    form.access.choices = [("", _("Any"))] + list(FEATURE_LABELS.items())
    venues = (
        [] if unknown else list(db.session.scalars(queries.published_query(district_id, access)))
    )
    body = render_template(
        "venues/index.html",
        venues=venues,
        form=form,
        unknown=unknown,
        feature_labels=FEATURE_LABELS,
        kind_labels=KIND_LABELS,
    )
    return body, 400 if unknown else 200


@bp.route("/<int:venue_id>")
@public
def show(venue_id: int):
    venue = queries.visible_venue(current_user, venue_id) or abort(404)
    return render_template(
        "venues/show.html",
        venue=venue,
        feature_labels=FEATURE_LABELS,
        kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS,
        upcoming=events.upcoming_at_venue(venue.id),
    )


def _saved(form, venue: Venue | None):
    return perform(save_venue, current_user, venue, VenueData.from_form(form.data), form=form)


def _save_and_show(form, venue: Venue | None, message: str):
    """The saved venue's page with `message`; None while the form is not sent or refused."""
    if form.validate_on_submit() and (outcome := _saved(form, venue)):
        flash(message, "success")
        return redirect(url_for("venues.show", venue_id=outcome.value.id))
    return None


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    form = VenueForm()
    form.set_choices(queries.districts())
    saved = _save_and_show(form, None, _("The venue is saved and published."))
    return saved or render_form("venues/form.html", form, venue=None)


@bp.route("/<int:venue_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(venue_id: int):
    venue = db.session.get(Venue, venue_id) or abort(404)
    form = VenueForm(obj=venue, district=venue.district_id)
    form.set_choices(queries.districts())
    saved = _save_and_show(form, venue, _("The venue is saved."))
    return saved or render_form("venues/form.html", form, venue=venue)


@bp.route("/suggest", methods=["GET", "POST"])
@access(roles("initiative_rep", "office_staff", "admin"))
def suggest():
    form = SuggestVenueForm()
    form.set_choices(queries.districts())
    saved = _save_and_show(
        form, None, _("Thank you. The office will check the place and publish it.")
    )
    return saved or render_form("venues/form.html", form, venue=None, suggesting=True)


@bp.route("/manage")
@staff_required
def manage():
    return render_template(
        "venues/manage.html",
        queue=queries.moderation_queue(),
        venues=queries.all_venues(),
        status_labels=STATUS_LABELS,
    )


@bp.route("/<int:venue_id>/moderate", methods=["GET", "POST"])
@staff_required
def moderate(venue_id: int):
    venue = db.session.get(Venue, venue_id) or abort(404)
    form = ModerateVenueForm()
    if form.validate_on_submit() and perform(
        moderate_venue, current_user, venue, form.decision.data, form.reason.data, form=form
    ):
        flash(_("The decision is saved."), "success")
        return redirect(url_for("venues.manage"))
    return render_form(
        "venues/moderate.html",
        form,
        venue=venue,
        feature_labels=FEATURE_LABELS,
        status_labels=STATUS_LABELS,
    )


@bp.app_template_global("venue_access")
def venue_access(venue: Venue) -> list[str]:
    """The translated labels of the access features the venue offers (for any page)."""
    return [FEATURE_LABELS[name] for name in rules.ACCESS_FEATURES if getattr(venue, name)]
