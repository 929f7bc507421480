"""The public directory: the list with its filters, one entry, logos, the CSV download."""

from flask import abort, render_template, request, send_from_directory
from flask_login import current_user

from office.core import cache
from office.core.access import public
from office.core.clock import utcnow
from office.core.errors import NotFound
from office.core.links import absolute_url
from office.core.page_cache import kept
from office.core.pagination import paginate
from office.core.spreadsheets import csv_response
from office.directory import bp, queries
from office.directory.forms import DirectoryFilterForm, language_choices
from office.directory.permissions import can_edit_initiative
from office.directory.services import logos
from office.events import interface as events

PER_PAGE = 20

#: what the directory list shows
DIRECTORY_TABLES = (
    "initiatives",
    "initiative_districts",
    "initiative_topics",
    "initiative_languages",
    "districts",
    "topics",
)


def filter_from_args() -> tuple[DirectoryFilterForm, queries.DirectoryFilter]:
    """The filter form of the query string and the filter it asks for (invalid parts ignored)."""
    districts, topics = queries.reference_data()
    form = DirectoryFilterForm(request.args)
    form.set_choices(districts, topics)
    form.validate()
    flt = queries.DirectoryFilter(
        q=(form.q.data or "").strip() if not form.q.errors else "",
        district_id={d.slug: d.id for d in districts}.get(form.district.data or ""),
        topic_id={t.slug: t.id for t in topics}.get(form.topic.data or ""),
        language=form.language.data if not form.language.errors else "",
    )
    return form, flt


@bp.route("/")
@public
@kept
def index():
    def context():
        form, flt = filter_from_args()
        page = paginate(queries.directory_query(flt), request.args.get("page"), PER_PAGE)
        return {"form": form, "page": page, "logo_url": queries.logo_url}

    body = cache.rendered("directory.index", DIRECTORY_TABLES, "directory/_index.html", context)
    return render_template("directory/index.html", body=body)


@bp.route("/<int:initiative_id>")
@public
@kept
def show(initiative_id: int):
    try:
        initiative = queries.initiative_for_viewer(current_user, initiative_id)
    except NotFound:
        abort(404)
    return render_template(
        "directory/show.html",
        initiative=initiative,
        events=events.upcoming_of_initiative(initiative.id, utcnow())
        if initiative.is_public
        else [],
        logo_url=queries.logo_url(initiative),
        can_edit=can_edit_initiative(current_user, initiative),
    )


@bp.route("/logos/<filename>")
@public
def logo(filename: str):
    return send_from_directory(logos.logo_folder(), filename, mimetype="image/webp", max_age=86400)


EXPORT_COLUMNS = (
    "id",
    "name",
    "short_description",
    "districts",
    "topics",
    "languages",
    "meeting_place",
    "meeting_times",
    "accessibility",
    "website",
    "contact_email",
    "founded_year",
    "url",
)


def _export_row(i) -> tuple:
    return (
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
    )


@bp.route("/export.csv")
@public
def export_csv():
    _form, flt = filter_from_args()
    rows = (_export_row(i) for i in queries.initiatives(flt))
    return csv_response("initiatives.csv", EXPORT_COLUMNS, rows)


@bp.app_template_global("language_name_map")
def language_name_map() -> dict:
    """Language names in the reader's language, by ISO code."""
    return dict(language_choices())
