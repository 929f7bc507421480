"""The OParl 1.1 endpoints: the System, the Body, lists with paging and time filters, and each
object at its own address. Read-only and public; a list parameter that cannot be used answers
400 with a JSON message."""

from collections.abc import Callable

from flask import abort, jsonify, request

from office.core.access import public
from office.oparl import bp, objects, queries, rules


def _object(row, build: Callable) -> dict:
    return build(row) if row is not None else abort(404)


def _in_window(obj: dict, wanted: rules.ListRequest) -> bool:
    created = rules.parse_time("created", obj["created"])
    modified = rules.parse_time("modified", obj["modified"])
    return all(
        (
            wanted.created_since is None or created >= wanted.created_since,
            wanted.created_until is None or created <= wanted.created_until,
            wanted.modified_since is None or modified >= wanted.modified_since,
            wanted.modified_until is None or modified <= wanted.modified_until,
        )
    )


def _page_link(endpoint: str, page: int, wanted: rules.ListRequest) -> str:
    kept = {k: v for k, v in request.args.items() if k in rules.DATE_FILTERS}
    return objects.url(endpoint, **kept, limit=wanted.limit, page=page)


def _links(endpoint: str, wanted: rules.ListRequest, pages: int) -> dict:
    links = {
        "first": _page_link(endpoint, 1, wanted),
        "last": _page_link(endpoint, pages, wanted),
        "self": _page_link(endpoint, wanted.page, wanted),
    }
    if wanted.page > 1:
        links["prev"] = _page_link(endpoint, min(wanted.page, pages + 1) - 1, wanted)
    if wanted.page < pages:
        links["next"] = _page_link(endpoint, wanted.page + 1, wanted)
    return links


def paged(endpoint: str, rows: list, build: Callable):
    """One page of a list, as OParl writes lists; 400 for a parameter that cannot be used."""
    try:
        wanted = rules.list_request(request.args)
    except rules.BadListRequest as problem:
        return jsonify(error=str(problem), status=400), 400
    data = [obj for obj in map(build, rows) if _in_window(obj, wanted)]
    pages = rules.total_pages(len(data), wanted.limit)
    first = (wanted.page - 1) * wanted.limit
    pagination = {
        "totalElements": len(data),
        "elementsPerPage": wanted.limit,
        "currentPage": wanted.page,
        "totalPages": pages,
    }
    return jsonify(
        data=data[first : first + wanted.limit],
        pagination=pagination,
        links=_links(endpoint, wanted, pages),
    )


@bp.route("/system")
@public
def system():
    return jsonify(objects.system())


@bp.route("/bodies")
@public
def bodies():
    return paged("bodies", [None], lambda _: objects.body())


@bp.route("/body/<int:body_id>")
@public
def body(body_id: int):
    return jsonify(objects.body()) if body_id == objects.BODY_ID else abort(404)


@bp.route("/organizations")
@public
def organizations():
    return paged("organizations", [None], lambda _: objects.board())


@bp.route("/organization/<int:organization_id>")
@public
def organization(organization_id: int):
    return jsonify(objects.board()) if organization_id == objects.BOARD_ID else abort(404)


@bp.route("/people")
@public
def people():
    return paged("people", queries.published_members(), objects.person)


@bp.route("/person/<int:person_id>")
@public
def person(person_id: int):
    member = queries.member(person_id)
    published = member is not None and member.publication_consent and member.terms
    return jsonify(objects.person(member)) if published else abort(404)


@bp.route("/memberships")
@public
def memberships():
    return paged("memberships", queries.published_terms(), objects.membership)


@bp.route("/membership/<int:membership_id>")
@public
def membership(membership_id: int):
    term = queries.term(membership_id)
    published = term is not None and term.member.publication_consent
    return jsonify(objects.membership(term)) if published else abort(404)


@bp.route("/meetings")
@public
def meetings():
    return paged("meetings", queries.meetings(), objects.meeting)


@bp.route("/meeting/<int:meeting_id>")
@public
def meeting(meeting_id: int):
    return jsonify(_object(queries.meeting(meeting_id), objects.meeting))


@bp.route("/agenda_items")
@public
def agenda_items():
    return paged("agenda_items", queries.meeting_items(), objects.agenda_item)


@bp.route("/agenda_item/<int:item_id>")
@public
def agenda_item(item_id: int):
    item = queries.item(item_id)
    in_meeting = item is not None and item.meeting_id is not None
    return jsonify(objects.agenda_item(item)) if in_meeting else abort(404)


@bp.route("/papers")
@public
def papers():
    return paged("papers", queries.items(), objects.paper)


@bp.route("/paper/<int:item_id>")
@public
def paper(item_id: int):
    return jsonify(_object(queries.item(item_id), objects.paper))


@bp.route("/consultation/<int:item_id>")
@public
def consultation(item_id: int):
    item = queries.item(item_id)
    return jsonify(objects.consultation(item)) if item is not None and item.public else abort(404)
