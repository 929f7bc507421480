"""Open data: published courses with their runs, at /api/v1/courses."""

from flask import Blueprint, current_app

from office.core.access import public
from office.core.clock import utcnow
from office.core.registry import register_openapi
from office.courses.queries import visible_catalogue
from office.venues import interface as venues
from office.venues.rules import ACCESS_FEATURES

api_bp = Blueprint("courses_api", __name__, url_prefix="/api/v1")


def _run_json(run, counts, now) -> dict:
    from office.courses.queries import run_status

    confirmed = counts["confirmed"]
    return {
        "id": run.id,
        "days": [
            {"start": start.isoformat(), "end": end.isoformat()} for start, end in run.intervals()
        ],
        "registration_deadline": run.deadline.astimezone(run.starts_at.tzinfo).isoformat(),
        "capacity": run.capacity,
        "seats_left": max(run.capacity - confirmed, 0),
        "waiting": counts["waitlisted"],
        "minimum_participants": run.min_participants,
        "status": run_status(run, now, confirmed),
        "venue": run.venue,
        "location": venues.place_line(run.directory_venue, run.venue),
        "access": list(venues.access_of(run.directory_venue)),
        "price_excl_vat": f"{run.price_excl_vat:.2f}",
        "price_incl_vat": f"{run.price_incl_vat:.2f}",
    }


@api_bp.route("/courses")
@public
def courses():
    now = utcnow()
    catalogue = visible_catalogue(now, include_past=False)
    currency = current_app.config["OFFICE_CURRENCY"]
    return {
        "currency": currency,
        "vat_rate": str(current_app.config["OFFICE_VAT_RATE"]),
        "courses": [
            {
                "id": course.id,
                "slug": course.slug,
                "title": course.title,
                "summary": course.summary,
                "format": course.format,
                "duration_days": course.duration_days,
                "price_basis": course.price_basis,
                "currency": currency,
                "minimum_participants": course.min_participants,
                "runs": [_run_json(run, catalogue.counts[run.id], now) for run in runs],
            }
            for course, runs in catalogue.items
        ],
    }


_RUN = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "days": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "start": {"type": "string", "format": "date-time"},
                    "end": {"type": "string", "format": "date-time"},
                },
            },
        },
        "registration_deadline": {
            "type": "string",
            "format": "date-time",
            "description": "Registration is open before this instant.",
        },
        "capacity": {"type": "integer"},
        "seats_left": {"type": "integer"},
        "waiting": {"type": "integer"},
        "minimum_participants": {"type": "integer"},
        "status": {
            "type": "string",
            "enum": ["open", "full", "closed", "confirmed", "cancelled", "held"],
        },
        "venue": {"type": "string", "description": "the place in words (the room at the venue)"},
        "location": {
            "type": "string",
            "description": "the venue from the directory of venues with its address, then the place in words",
        },
        "access": {
            "type": "array",
            "items": {"type": "string", "enum": list(ACCESS_FEATURES)},
            "description": "access the run's venue offers",
        },
        "price_excl_vat": {"type": "string", "description": "decimal, per person"},
        "price_incl_vat": {"type": "string", "description": "decimal, per person"},
    },
    "required": ["id", "days", "registration_deadline", "seats_left", "status"],
}

register_openapi(
    "courses",
    paths={
        "/api/v1/courses": {
            "get": {
                "summary": "Published training courses with their coming runs",
                "operationId": "listCourses",
                "tags": ["courses"],
                "responses": {
                    "200": {
                        "description": "The course catalogue",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/CourseCatalogue"}
                            }
                        },
                    }
                },
            }
        }
    },
    schemas={
        "CourseRun": _RUN,
        "Course": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "slug": {"type": "string"},
                "title": {"type": "string"},
                "summary": {"type": "string"},
                "format": {"type": "string", "enum": ["in_person", "online", "hybrid"]},
                "duration_days": {"type": "integer"},
                "price_basis": {"type": "string", "enum": ["course", "day"]},
                "currency": {"type": "string"},
                "minimum_participants": {"type": "integer"},
                "runs": {"type": "array", "items": {"$ref": "#/components/schemas/CourseRun"}},
            },
            "required": ["id", "title", "runs"],
        },
        "CourseCatalogue": {
            "type": "object",
            "properties": {
                "currency": {"type": "string", "enum": ["EUR", "DKK"]},
                "vat_rate": {"type": "string"},
                "courses": {"type": "array", "items": {"$ref": "#/components/schemas/Course"}},
            },
            "required": ["currency", "courses"],
        },
    },
)
