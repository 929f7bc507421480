"""Open data: `GET /api/v1/initiatives` (published entries, paginated, filterable)."""

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request

from office.core import cache
from office.core.access import public
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.pagination import paginate
from office.core.registry import register_openapi
from office.directory import queries
from office.directory.rules import LANGUAGE_CODES
from office.extensions import db

api_bp = Blueprint("directory_api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100


def initiative_json(i) -> dict:
    return {
        "id": i.id,
        "name": i.name,
        "short_description": i.short_description,
        "description": i.description,
        "districts": [d.slug for d in i.districts],
        "topics": [t.slug for t in i.topics],
        "languages": i.language_codes,
        "meeting_place": i.meeting_place,
        "meeting_times": i.meeting_times,
        "accessibility": i.accessibility,
        "website": i.website or None,
        "contact_email": i.contact_email or None,
        "founded_year": i.founded_year,
        "logo_url": absolute_url("directory.logo", filename=i.logo_filename)
        if i.logo_filename
        else None,
        "url": absolute_url("directory.show", initiative_id=i.id),
        "published_at": i.published_at.isoformat() if i.published_at else None,
    }


def _error(message: str, status: int = 400):
    return {"error": message, "status": status}, status


#: what the initiatives API shows
API_TABLES = ("initiatives", "initiative_languages", "districts", "topics")


@api_bp.route("/initiatives")
@public
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


def _initiatives() -> tuple[dict, int]:
    args = request.args
    flt = queries.DirectoryFilter(q=args.get("q", "")[:100])
    if args.get("district"):
        flt.district_id = db.session.scalar(sa.select(District.id).filter_by(slug=args["district"]))
        if flt.district_id is None:
            return _error("unknown district")
    if args.get("topic"):
        flt.topic_id = db.session.scalar(sa.select(Topic.id).filter_by(slug=args["topic"]))
        if flt.topic_id is None:
            return _error("unknown topic")
    if args.get("language"):
        if args["language"] not in LANGUAGE_CODES:
            return _error("unknown language")
        flt.language = args["language"]
    try:
        per_page = int(args.get("per_page", 50))
    except ValueError:
        return _error("per_page must be a number")
    if not 1 <= per_page <= MAX_PER_PAGE:
        return _error(f"per_page must be between 1 and {MAX_PER_PAGE}")
    page = paginate(queries.directory_query(flt), args.get("page"), per_page)
    return (
        {
            "items": [initiative_json(i) for i in page.items],
            "page": page.number,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
        },
        200,
    )


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
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/InitiativePage"}
                            }
                        },
                    },
                    "400": {
                        "description": "invalid filter",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
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
