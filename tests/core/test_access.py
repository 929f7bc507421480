"""Every route declares who may use it."""

from office.core.access import BUILTIN_PUBLIC, Policy


def test_every_route_declares_an_access_policy(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in BUILTIN_PUBLIC:
            continue
        view = app.view_functions[rule.endpoint]
        if not isinstance(getattr(view, "access_policy", None), Policy):
            missing.append(f"{rule.endpoint} {rule.rule}")
    assert missing == []


def test_route_without_policy_is_refused(make_app):
    app = make_app()

    @app.route("/__undeclared")
    def undeclared():
        return "secret"

    assert app.test_client().get("/__undeclared").status_code == 403


def test_staff_page_redirects_anonymous_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=/admin/users")


def test_staff_page_forbidden_for_department_staff(client, login_as):
    login_as("department_staff")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert b"Access denied" in response.data


def test_staff_page_open_to_office_staff(client, login_as):
    login_as("office_staff")
    assert client.get("/admin/users").status_code == 200


def test_admin_may_use_every_role_route(client, login_as):
    login_as("admin")
    assert client.get("/admin/users").status_code == 200
