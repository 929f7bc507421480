"""Open data: the decisions register and public board meetings under /api/v1/board."""

import sqlalchemy as sa
from flask import Blueprint, request

from office.core.access import public
from office.core.formatting import api_time
from office.core.links import absolute_url
from office.core.pagination import paginate
from office.core.registry import register_openapi
from office.governance.models import BoardMeeting
from office.governance.services import review

api_bp = Blueprint("governance_api", __name__, url_prefix="/api/v1/board")


def _decision(d) -> dict:
    if not d.item.public:
        # closed items: only that a decision was taken, and when
        return {"id": d.id, "decided_on": d.decided_on.isoformat(), "public": False}
    return {
        "id": d.id,
        "decided_on": d.decided_on.isoformat(),
        "public": True,
        "title": d.item.title,
        "outcome": d.outcome,
        "procedure": d.item.procedure,
        "votes": {"yes": d.votes_yes, "no": d.votes_no, "abstain": d.votes_abstain},
        "eligible": d.eligible,
        "participating": d.participating,
        "rules_version": d.rules_version.version,
        "rationale": d.rationale,
        "url": absolute_url("governance.decision", decision_id=d.id),
    }


@api_bp.route("/decisions")
@public
def decisions():
    page = paginate(review.public_decisions_statement(), request.args.get("page"), per_page=100)
    return _page_json(page, [_decision(d) for d in page.items])


@api_bp.route("/meetings")
@public
def meetings():
    public = sa.select(BoardMeeting).where(BoardMeeting.public.is_(True))
    stmt = public.order_by(BoardMeeting.starts_at.desc())
    page = paginate(stmt, request.args.get("page"), per_page=100)
    return _page_json(page, [_meeting(m) for m in page.items])


def _meeting(m: BoardMeeting) -> dict:
    return {
        "id": m.id,
        "title": m.title,
        "starts_at": api_time(m.starts_at),
        "ends_at": api_time(m.ends_at),
        "location": m.location,
        "online_url": m.online_url,
        "url": absolute_url("governance.meeting", meeting_id=m.id),
    }


def _page_json(page, items: list) -> dict:
    """One page of the listing: its items, its number, the number of pages and of items."""
    return {"items": items, "page": page.number, "pages": page.pages, "total": page.total}


_PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}


def _list_of(ref: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


register_openapi(
    "governance",
    paths={
        "/api/v1/board/decisions": {
            "get": {
                "summary": "Decisions register of the advisory board (newest first, 100 per page)",
                "parameters": [_PAGE],
                "responses": {
                    "200": {
                        "description": "Decisions",
                        "content": {"application/json": {"schema": _list_of("BoardDecision")}},
                    }
                },
            }
        },
        "/api/v1/board/meetings": {
            "get": {
                "summary": "Public meetings of the advisory board (newest first, 100 per page)",
                "parameters": [_PAGE],
                "responses": {
                    "200": {
                        "description": "Meetings",
                        "content": {"application/json": {"schema": _list_of("BoardMeeting")}},
                    }
                },
            }
        },
    },
    schemas={
        "BoardDecision": {
            "type": "object",
            "description": "Closed items carry only id, decided_on and public=false.",
            "properties": {
                "id": {"type": "integer"},
                "decided_on": {"type": "string", "format": "date"},
                "public": {"type": "boolean"},
                "title": {"type": "string"},
                "outcome": {"type": "string", "enum": ["adopted", "rejected"]},
                "procedure": {"type": "string", "enum": ["meeting", "written"]},
                "votes": {
                    "type": "object",
                    "properties": {k: {"type": "integer"} for k in ("yes", "no", "abstain")},
                },
                "eligible": {"type": "integer"},
                "participating": {"type": "integer"},
                "rules_version": {"type": "integer"},
                "rationale": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
            "required": ["id", "decided_on", "public"],
        },
        "BoardMeeting": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "starts_at": {"type": "string", "format": "date-time"},
                "ends_at": {"type": "string", "format": "date-time"},
                "location": {"type": "string"},
                "online_url": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
        },
    },
)
