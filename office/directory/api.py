"""Open data: `GET /api/v1/initiatives` (published entries, paginated, filterable)."""

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request

from office.core import cache
from office.core.access import public
from office.core.formatting import api_time
from office.core.links import absolute_url
from office.core.models import District, Topic
from office.core.pagination import paginate
from office.core.registry import register_openapi
from office.directory import queries
from office.directory.rules import LANGUAGE_CODES
from office.extensions import db

api_bp = Blueprint("directory_api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100


def _published(i) -> str | None:
    return api_time(i.published_at)


def _logo(i) -> str | None:
    return absolute_url("directory.logo", filename=i.logo_filename) if i.logo_filename else None


#: fields the API shows as they are stored
PLAIN_FIELDS = (
    "id", "name", "short_description", "description", "meeting_place", "meeting_times",
    "accessibility", "founded_year",
)  # fmt: skip


def initiative_json(i) -> dict:
    return {name: getattr(i, name) for name in PLAIN_FIELDS} | {
        "districts": [d.slug for d in i.districts], "topics": [t.slug for t in i.topics],
        "languages": i.language_codes, "website": i.website or None,
        "contact_email": i.contact_email or None, "logo_url": _logo(i),
        "url": absolute_url("directory.show", initiative_id=i.id), "published_at": _published(i),
    }  # fmt: skip


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
        q=args.get("q", "")[:100], district_id=_slug_id(District, args.get("district"), "district"),
        topic_id=_slug_id(Topic, args.get("topic"), "topic"), language=language,
    )  # fmt: skip


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
        "items": items, "page": page.number, "per_page": page.per_page, "total": page.total,
        "pages": page.pages,
    }, 200  # fmt: skip


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
