"""Open data: the Vorhabenliste as JSON under /api/v1/processes."""

from flask import Blueprint, abort, request

from office.core.access import public
from office.core.pagination import paginate
from office.core.registry import register_openapi
from office.extensions import db
from office.processes import queries
from office.processes.models import Process
from office.processes.views.records import current_filters, process_record

api_bp = Blueprint("processes_api", __name__, url_prefix="/api/v1/processes")


@api_bp.route("")
@public
def list_processes():
    processes = queries.catalogue_query(current_filters())
    page = paginate(processes, request.args.get("page"), _per_page())
    return {
        "items": [process_record(p) for p in page.items],
        "page": page.number,
        "per_page": page.per_page,
        "total": page.total,
    }


def _per_page() -> int:
    """The page size asked for (1 to 200), else 50."""
    raw = request.args.get("per_page", "")
    return min(max(int(raw), 1), 200) if raw.isascii() and raw.isdigit() else 50


@api_bp.route("/<int:process_id>")
@public
def get_process(process_id):
    process = db.session.get(Process, process_id)
    if process is None or not process.is_public:
        abort(404)
    phases = [_phase_json(phase) for phase in process.phases]
    recommendations = [_recommendation_json(r) for r in queries.recommendations_of(process)]
    return process_record(process) | {"phases": phases, "recommendations": recommendations}


def _phase_json(phase) -> dict:
    return {
        "title": phase.title,
        "starts_on": phase.starts_on.isoformat(),
        "ends_on": phase.ends_on.isoformat(),
    }


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _support_json(r) -> dict | None:
    """The assembly's vote on the final text (None for records from before it was counted)."""
    if r.votes_for is None:
        return None
    return {"for": r.votes_for, "against": r.votes_against, "abstained": r.votes_abstained}


def _recommendation_json(r) -> dict:
    return {
        "number": r.number,
        "title": r.title,
        "text": r.text,
        "support": _support_json(r),
        "minority_statements": [
            {"text": m.text, "supporters": m.supporters} for m in r.minority_statements
        ],
        "answer": r.answer,
        "answer_rationale": r.answer_rationale or None,
        "answer_committee": r.answer_committee or None,
        "answered_on": _day(r.answered_on),
        "answer_due_on": _day(r.answer_due_on),
        "implementation": r.implementation,
        "progress": r.progress,
    }


_FILTER_PARAMS = [
    {
        "name": "q",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Search in title and summary",
    },
    {
        "name": "status",
        "in": "query",
        "schema": {"type": "string", "enum": ["planned", "running", "completed", "paused"]},
    },
    {
        "name": "level",
        "in": "query",
        "schema": {"type": "string", "enum": ["inform", "consult", "involve", "decide"]},
    },
    {"name": "district", "in": "query", "schema": {"type": "integer"}},
    {"name": "topic", "in": "query", "schema": {"type": "integer"}},
    {"name": "department", "in": "query", "schema": {"type": "integer"}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200},
    },
]
_PROCESS_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "status": {"type": "string"},
        "level": {"type": "string"},
        "lead_department": {"type": ["string", "null"]},
        "districts": {"type": "array", "items": {"type": "string"}},
        "topics": {"type": "array", "items": {"type": "string"}},
        "starts_on": {"type": ["string", "null"], "format": "date"},
        "ends_on": {"type": ["string", "null"], "format": "date"},
        "cost_estimate": {"type": ["string", "null"]},
        "council_reference": {"type": ["string", "null"]},
        "url": {"type": "string", "format": "uri"},
    },
    "required": ["id", "title", "status", "level", "url"],
}
_DETAIL_SCHEMA = {
    "allOf": [
        {"$ref": "#/components/schemas/Process"},
        {
            "type": "object",
            "properties": {
                "phases": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "starts_on": {"type": "string", "format": "date"},
                            "ends_on": {"type": "string", "format": "date"},
                        },
                    },
                },
                "recommendations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "number": {"type": "integer"},
                            "title": {"type": "string"},
                            "text": {"type": "string"},
                            "support": {
                                "type": ["object", "null"],
                                "description": "The assembly's vote on the final text",
                                "properties": {
                                    "for": {"type": "integer", "minimum": 0},
                                    "against": {"type": "integer", "minimum": 0},
                                    "abstained": {"type": "integer", "minimum": 0},
                                },
                            },
                            "minority_statements": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "text": {"type": "string"},
                                        "supporters": {"type": ["integer", "null"]},
                                    },
                                },
                            },
                            "answer": {
                                "type": "string",
                                "enum": ["pending", "accepted", "partly", "rejected"],
                            },
                            "answer_rationale": {"type": ["string", "null"]},
                            "answer_committee": {"type": ["string", "null"]},
                            "answered_on": {"type": ["string", "null"], "format": "date"},
                            "answer_due_on": {"type": ["string", "null"], "format": "date"},
                            "implementation": {"type": "string"},
                            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                        },
                    },
                },
            },
        },
    ]
}
register_openapi(
    "processes",
    {
        "/api/v1/processes": {
            "get": {
                "summary": "Public participation processes (Vorhabenliste)",
                "parameters": _FILTER_PARAMS,
                "responses": {
                    "200": {
                        "description": "A page of processes",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Process"},
                                        },
                                        "page": {"type": "integer"},
                                        "per_page": {"type": "integer"},
                                        "total": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/processes/{id}": {
            "get": {
                "summary": "One public process with its phases and final recommendations (support, minority statements, answers, implementation)",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "The process",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ProcessDetail"}
                            }
                        },
                    },
                    "404": {
                        "description": "No public process with this id",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                },
            }
        },
    },
    {"Process": _PROCESS_SCHEMA, "ProcessDetail": _DETAIL_SCHEMA},
)
