"""Open311 GeoReport v2, read only: the public request types as services and the requests of
those types, so city issue tools can show them. No personal data: no names, addresses, titles
or descriptions (requesters write those to the office, not to the public), only the type,
status and times."""

from datetime import datetime, timedelta
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse it

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, request

from office.core.access import public
from office.core.clock import utcnow
from office.extensions import db
from office.requests import rules
from office.requests.labels import TYPE_LABELS
from office.requests.models import HelpRequest

open311_bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

#: GeoReport v2: at most 1000 requests per answer, by default those of the last 90 days
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90


def public_types() -> list[str]:
    """The request types the public may submit: the office's Open311 services."""
    return [t for t in rules.REQUEST_TYPES if "public" in rules.TYPE_AUDIENCE[t]]


def _service(type_: str) -> dict:
    return {
        "service_code": type_,
        "service_name": str(TYPE_LABELS[type_]),
        "description": "",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def _record(req: HelpRequest) -> dict:
    return {
        "service_request_id": req.reference,
        "status": "closed" if req.status in rules.CLOSED_STATUSES else "open",
        "status_notes": None,
        "service_name": str(TYPE_LABELS[req.type]),
        "service_code": req.type,
        "agency_responsible": current_app.config["OFFICE_NAME"],
        "requested_datetime": req.submitted_at.isoformat(),
        "updated_datetime": req.updated_at.isoformat() if req.updated_at else None,
        "expected_datetime": _expected(req),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _expected(req: HelpRequest) -> str | None:
    due = req.resolution_due_at if req.status not in rules.CLOSED_STATUSES else None
    return due.isoformat() if due else None


def _answer(items: list[dict], fmt: str, root: str, item: str):
    if fmt == "xml":
        return Response(_xml(items, root, item), mimetype="text/xml")
    return jsonify(items)


def _xml(items: list[dict], root: str, item: str) -> bytes:
    top = ET.Element(root)
    for entry in items:
        node = ET.SubElement(top, item)
        for key, value in entry.items():
            ET.SubElement(node, key).text = (
                ""
                if value is None
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
    return ET.tostring(top, encoding="utf-8", xml_declaration=True)


def _error(status: int, description: str, fmt: str):
    items = [{"code": status, "description": description}]
    response = _answer(items, fmt, "errors", "error")
    response.status_code = status
    return response


@open311_bp.route("/services.<fmt>")
@public
def services(fmt):
    if fmt not in ("json", "xml"):
        return _error(404, "format not supported: json or xml", "json")
    return _answer([_service(t) for t in public_types()], fmt, "services", "service")


@open311_bp.route("/requests.<fmt>")
@public
def service_requests(fmt):
    if fmt not in ("json", "xml"):
        return _error(404, "format not supported: json or xml", "json")
    try:
        stmt = _filtered(request.args)
    except ValueError as exc:
        return _error(400, str(exc), fmt)
    found = db.session.scalars(stmt.order_by(HelpRequest.submitted_at.desc()).limit(MAX_REQUESTS))
    return _answer([_record(r) for r in found], fmt, "service_requests", "request")


@open311_bp.route("/requests/<request_id>.<fmt>")
@public
def one_request(request_id, fmt):
    if fmt not in ("json", "xml"):
        return _error(404, "format not supported: json or xml", "json")
    digits = request_id.upper().removeprefix("A-")
    req = (
        db.session.get(HelpRequest, int(digits)) if digits.isdigit() and len(digits) < 10 else None
    )
    if req is None or not _is_public(req):
        return _error(404, "no such service request", fmt)
    return _answer([_record(req)], fmt, "service_requests", "request")


def _is_public(req: HelpRequest) -> bool:
    return req.type in public_types() and req.email_confirmed_at is not None


def _filtered(args):
    """The GeoReport filters: service_code (comma-separated), status, start_date, end_date."""
    end = _moment(args.get("end_date"), "end_date") or utcnow()
    start = _moment(args.get("start_date"), "start_date") or end - timedelta(days=DEFAULT_DAYS)
    codes = [c for c in args.get("service_code", "").split(",") if c] or public_types()
    if set(codes) - set(public_types()):
        raise ValueError("unknown service_code")
    stmt = sa.select(HelpRequest).where(
        HelpRequest.type.in_(codes),
        HelpRequest.email_confirmed_at.is_not(None),
        HelpRequest.submitted_at >= start,
        HelpRequest.submitted_at <= end,
    )
    status = args.get("status", "")
    if status not in ("", "open", "closed"):
        raise ValueError("status is open or closed")
    if status:
        closed = HelpRequest.status.in_(rules.CLOSED_STATUSES)
        stmt = stmt.where(closed if status == "closed" else ~closed)
    return stmt


def _moment(text: str | None, name: str) -> datetime | None:
    """A W3C date-time with its offset (2026-04-02T10:00:00+02:00)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{name}: not a W3C date-time") from exc
    if moment.tzinfo is None:
        raise ValueError(f"{name}: the time zone offset is missing")
    return moment
