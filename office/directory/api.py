"""Open data: `GET /api/v1/initiatives` (published entries, paginated, filterable)."""

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request

from office.core import cache
from office.core.access import public
from office.core.clock import utcnow
from office.core.formatting import api_time
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.page_cache import kept
from office.core.pagination import paginate
from office.core.registry import register_openapi
from office.directory import hsds, queries
from office.directory.models import Initiative
from office.directory.rules import LANGUAGE_CODES
from office.extensions import db
from office.venues import interface as venues

api_bp = Blueprint("directory_api", __name__, url_prefix="/api/v1")
#: the directory in Open Referral HSDS 3.0 (office/directory/hsds.py)
hsds_bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")

MAX_PER_PAGE = 100


def _logo(i) -> str | None:
    return absolute_url("directory.logo", filename=i.logo_filename) if i.logo_filename else None


#: fields the API shows as they are stored (texts with a version in the reader's language in it)
PLAIN_FIELDS = (
    "id",
    "name",
    "short_description",
    "description",
    "meeting_place",
    "meeting_times",
    "accessibility",
    "founded_year",
)


def initiative_json(i) -> dict:
    fields = {n: i.text(n) if n in i.TRANSLATED else getattr(i, n) for n in PLAIN_FIELDS}
    return fields | {
        "districts": [d.slug for d in i.districts],
        "topics": [t.slug for t in i.topics],
        "languages": i.language_codes,
        "website": i.website or None,
        "contact_email": i.contact_email or None,
        "logo_url": _logo(i),
        "url": absolute_url("directory.show", initiative_id=i.id),
        "published_at": api_time(i.published_at),
    }


def _error(message: str, status: int = 400):
    return {"error": message, "status": status}, status


#: what the initiatives API shows
API_TABLES = ("initiatives", "initiative_languages", "districts", "topics")


@api_bp.route("/initiatives")
@public
@kept
def initiatives():
    """Answers are reused until an initiative changes (office.core.cache)."""
    body, status = cache.fragment(
        "api.initiatives",
        API_TABLES,
        _initiatives_json,
        parts=(cache.request_args(), request.host_url),
    )
    return Response(body, status, mimetype="application/json")


def _initiatives_json() -> tuple[str, int]:
    payload, status = _initiatives()
    return current_app.json.dumps(payload), status


class BadParameter(ValueError):
    """A query parameter the API cannot use; the message says which and why."""


def _slug_id(model, slug: str, what: str) -> int | None:
    if not slug:
        return None
    found = db.session.scalar(sa.select(model.id).filter_by(slug=slug))
    if found is None:
        raise BadParameter(f"unknown {what}")
    return found


def _filter(args) -> queries.DirectoryFilter:
    language = args.get("language", "")
    if language and language not in LANGUAGE_CODES:
        raise BadParameter("unknown language")
    return queries.DirectoryFilter(
        q=args.get("q", "")[:100],
        district_id=_slug_id(District, args.get("district"), "district"),
        topic_id=_slug_id(Topic, args.get("topic"), "topic"),
        language=language,
    )


def _per_page(args) -> int:
    try:
        per_page = int(args.get("per_page", 50))
    except ValueError:
        raise BadParameter("per_page must be a number") from None
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadParameter(f"per_page must be between 1 and {MAX_PER_PAGE}")
    return per_page


def _initiatives() -> tuple[dict, int]:
    try:
        flt, per_page = _filter(request.args), _per_page(request.args)
    except BadParameter as problem:
        return _error(str(problem))
    page = paginate(queries.directory_query(flt), request.args.get("page"), per_page)
    items = [initiative_json(i) for i in page.items]
    return {
        "items": items,
        "page": page.number,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }, 200


@hsds_bp.route("/")
@public
def hsds_about():
    return {
        "version": hsds.HSDS_VERSION,
        "profile": hsds.HSDS_PROFILE,
        "openapi_url": absolute_url("api.openapi"),
    }


def _hsds_page(summary, with_location: bool = False):
    """One page of published initiatives, each as `summary(initiative)`, in HSDS's Page shape."""
    try:
        per_page = _per_page(request.args)
    except BadParameter as problem:
        return _error(str(problem))
    stmt = queries.directory_query(queries.DirectoryFilter())
    if with_location:
        stmt = stmt.where(
            sa.or_(
                Initiative.meeting_place != "", Initiative.venue_id.in_(venues.venue_ids_with(()))
            )
        )
    page = paginate(stmt, request.args.get("page"), per_page)
    contents = [summary(i) for i in page.items]
    return {
        "total_items": page.total,
        "total_pages": page.pages,
        "page_number": page.number,
        "size": len(contents),
        "first_page": page.number == 1,
        "last_page": page.number >= page.pages,
        "empty": not contents,
        "contents": contents,
    }


def _published_initiative(kind: str, object_id: str) -> Initiative | None:
    number = hsds.initiative_number(kind, object_id)
    initiative = db.session.get(Initiative, number) if number is not None else None
    return initiative if initiative is not None and initiative.is_public else None


def _hsds_object(kind: str, object_id: str, build):
    """The object `build(initiative)` of a published initiative, or a JSON 404."""
    initiative = _published_initiative(kind, object_id)
    found = build(initiative) if initiative is not None else None
    if found is None:
        return _error(f"no such {kind.replace('_', ' ')}", 404)
    return found


@hsds_bp.route("/organizations")
@public
def hsds_organizations():
    return _hsds_page(hsds.organization_summary)


@hsds_bp.route("/organizations/<object_id>")
@public
def hsds_organization(object_id: str):
    return _hsds_object("organization", object_id, lambda i: hsds.organization(i, utcnow()))


@hsds_bp.route("/services")
@public
def hsds_services():
    return _hsds_page(hsds.service_summary)


@hsds_bp.route("/services/<object_id>")
@public
def hsds_service(object_id: str):
    return _hsds_object("service", object_id, lambda i: hsds.service(i, utcnow()))


@hsds_bp.route("/service_at_locations")
@public
def hsds_services_at_locations():
    return _hsds_page(hsds.service_at_location_summary, with_location=True)


@hsds_bp.route("/service_at_locations/<object_id>")
@public
def hsds_service_at_location(object_id: str):
    return _hsds_object("service_at_location", object_id, hsds.service_at_location)


def _json_body(schema: dict) -> dict:
    """An OpenAPI content object: JSON of this schema."""
    return {"application/json": {"schema": schema}}


_string_param = {"in": "query", "required": False, "schema": {"type": "string"}}

register_openapi(
    "directory",
    paths={
        "/api/v1/initiatives": {
            "get": {
                "summary": "Published neighbourhood initiatives",
                "operationId": "listInitiatives",
                "tags": ["directory"],
                "parameters": [
                    {
                        "name": "q",
                        "description": "search in name and short description",
                        **_string_param,
                    },
                    {"name": "district", "description": "district slug", **_string_param},
                    {"name": "topic", "description": "topic slug", **_string_param},
                    {"name": "language", "description": "ISO 639-1 code", **_string_param},
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "default": 1},
                    },
                    {
                        "name": "per_page",
                        "in": "query",
                        "required": False,
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_PER_PAGE,
                            "default": 50,
                        },
                    },
                ],
                "responses": {
                    "200": {
                        "description": "one page of initiatives, by name",
                        "content": _json_body({"$ref": "#/components/schemas/InitiativePage"}),
                    },
                    "400": {
                        "description": "invalid filter",
                        "content": _json_body({"$ref": "#/components/schemas/Error"}),
                    },
                },
            }
        }
    },
    schemas={
        "Initiative": {
            "type": "object",
            "required": [
                "id",
                "name",
                "short_description",
                "districts",
                "topics",
                "languages",
                "url",
            ],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "short_description": {"type": "string"},
                "description": {"type": "string"},
                "districts": {"type": "array", "items": {"type": "string"}},
                "topics": {"type": "array", "items": {"type": "string"}},
                "languages": {"type": "array", "items": {"type": "string"}},
                "meeting_place": {"type": "string"},
                "meeting_times": {"type": "string"},
                "accessibility": {"type": "string"},
                "website": {"type": ["string", "null"], "format": "uri"},
                "contact_email": {"type": ["string", "null"], "format": "email"},
                "founded_year": {"type": ["integer", "null"]},
                "logo_url": {"type": ["string", "null"], "format": "uri"},
                "url": {"type": "string", "format": "uri"},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
            },
        },
        "InitiativePage": {
            "type": "object",
            "required": ["items", "page", "per_page", "total", "pages"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Initiative"}},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {"type": "integer"},
                "pages": {"type": "integer"},
            },
        },
    },
)


def _hsds_operation(summary: str, operation_id: str, listing: bool) -> dict:
    params = (
        [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}},
            {
                "name": "per_page",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            },
        ]
        if listing
        else [
            {
                "name": "object_id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
            },
        ]
    )
    error = {
        "description": "invalid parameter" if listing else "no such object",
        "content": _json_body({"$ref": "#/components/schemas/Error"}),
    }
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "tags": ["hsds"],
            "parameters": params,
            "responses": {
                "200": {
                    "description": "Open Referral HSDS 3.0 (see the HSDS OpenAPI description)",
                    "content": _json_body({"type": "object"}),
                },
                "400" if listing else "404": error,
            },
        }
    }


register_openapi(
    "hsds",
    paths={
        "/api/hsds/": {
            "get": {
                "summary": "Open Referral HSDS 3.0: version and profile",
                "operationId": "hsdsAbout",
                "tags": ["hsds"],
                "responses": {
                    "200": {
                        "description": "about this API",
                        "content": _json_body({"type": "object"}),
                    }
                },
            }
        },
        "/api/hsds/organizations": _hsds_operation("HSDS organizations", "hsdsOrganizations", True),
        "/api/hsds/organizations/{object_id}": _hsds_operation(
            "HSDS organization, nested", "hsdsOrganization", False
        ),
        "/api/hsds/services": _hsds_operation("HSDS services", "hsdsServices", True),
        "/api/hsds/services/{object_id}": _hsds_operation(
            "HSDS service, nested", "hsdsService", False
        ),
        "/api/hsds/service_at_locations": _hsds_operation(
            "HSDS services at locations", "hsdsServicesAtLocations", True
        ),
        "/api/hsds/service_at_locations/{object_id}": _hsds_operation(
            "HSDS service at location", "hsdsServiceAtLocation", False
        ),
    },
)
