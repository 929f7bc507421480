"""The open-data API's shared parts: the OpenAPI document that every domain contributes to."""

from flask import Blueprint, current_app

from office.core.access import public
from office.core.registry import OPENAPI_PARTS

bp = Blueprint("api", __name__, url_prefix="/api")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    "required": ["error"],
}


def openapi_document() -> dict:
    paths: dict = {}
    schemas: dict = {"Error": ERROR_SCHEMA}
    for part in OPENAPI_PARTS.values():
        paths.update(part.paths)
        schemas.update(part.schemas)
    # every endpoint refuses malformed input (e.g. NUL characters) with a JSON 400
    bad_request = {
        "description": "Bad request",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in paths.values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("400", bad_request)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{current_app.config['OFFICE_NAME']} open data",
            "version": "1",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas},
    }


@bp.route("/openapi.json")
@public
def openapi():
    return openapi_document()
