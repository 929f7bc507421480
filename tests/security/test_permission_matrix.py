"""Every route x every method x every role gets the answer its declared policy promises.

The declared policy (office/core/access.py) is each route's entry in the matrix: a route without
one fails `tests/core/test_access.py`. Here every route is called as anonymous, initiative
representative, board member, department staff, office staff and admin, with ids that do not
exist (so object routes may answer 404 but must never leak through a 200 to the wrong role).
"""

import re

import pytest
from werkzeug.routing import FloatConverter, IntegerConverter

from office.core.access import BUILTIN_PUBLIC, ROLES

PERSONAS = [None, "initiative_rep", "board_member", "department_staff", "office_staff", "admin"]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        converter = rule._converters[arg]
        kind = converter.__class__.__name__
        if isinstance(converter, (IntegerConverter, FloatConverter)):
            value = "999999"
        elif kind == "AnyConverter":
            value = sorted(converter.items)[0]  # a real choice, so the route itself is reached
        else:
            value = "no-such-thing"
        url = re.sub(rf"<(?:[^:<>]+:)?{arg}>", value, url)
    return url


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in BUILTIN_PUBLIC:
            continue
        for method in sorted(set(rule.methods) & set(METHODS)):
            yield rule, method


def test_matrix_covers_every_role():
    assert set(PERSONAS) - {None} == set(ROLES)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
def test_every_route_answers_as_its_policy_declares(app, client, login_as, persona):
    user = login_as(persona) if persona else None
    checked, wrong = 0, []
    for rule, method in _routes(app):
        policy = app.view_functions[rule.endpoint].access_policy
        url = _url(rule)
        response = client.open(url, method=method)
        status = response.status_code
        location = response.headers.get("Location", "")
        if user is None and policy.login:
            ok = status == 302 and location.startswith("/account/login")
        elif user is not None and not policy.allows(user):
            ok = status == 403
        else:
            # allowed: anything but a refusal; a public view may itself send people to log in
            ok = (
                status < 500
                and status != 403
                and (not policy.login or not location.startswith("/account/login"))
            )
        if not ok:
            wrong.append(f"{method} {url} ({policy.name}) -> {status} {location}")
        checked += 1
        if user is not None and not user.is_authenticated:
            break
        # a route may log the user out (POST /account/logout): log in again
        if user is not None and method == "POST" and rule.endpoint == "auth.logout":
            user = login_as(persona)
    print(f"\n{persona or 'anonymous'}: {checked} route x method answers checked")
    assert wrong == []
    assert checked >= len(list(_routes(app)))
