"""Pages, errors, headers and bad input."""

import re

import pytest
import sqlalchemy as sa


def test_home_page_shows_three_parts(client):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for part in ("Competence centre", "Neighbourhood", "Governance"):
        assert part in html
    assert '<html lang="en">' in html
    assert 'href="#main"' in html  # skip link


def test_unknown_url_gives_404_page_in_users_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "da"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Siden findes ikke" in html
    assert "Traceback" not in html


def test_api_404_is_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["status"] == 404


def test_too_large_body_gives_413(client, app):
    response = client.post(
        "/account/login", data={"email": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}
    )
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_healthz_answers_without_database(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_unexpected_error_shows_500_page_without_traceback(make_app):
    from office.core.access import public

    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/__boom")
    @public
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/__boom", headers={"Accept-Language": "de"})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Etwas ist schiefgelaufen" in html
    assert "secret detail" not in html and "Traceback" not in html


def test_unreachable_database_gives_503_and_recovers(make_app, tmp_path):
    """With the database gone the app answers 503; once it is back, pages work again."""
    from office.extensions import db

    path = tmp_path / "gone" / "office.db"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    # the folder does not exist: SQLite cannot open the file
    response = client.get("/account/login", headers={"Accept-Language": "en"})
    assert response.status_code == 200  # the login page needs no database
    with client.session_transaction() as s:
        s["_user_id"] = "1:1"
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "database cannot be reached" in response.get_data(as_text=True)
    path.parent.mkdir()
    with app.app_context():
        db.create_all()
        db.session.execute(sa.text("SELECT 1"))
    assert client.get("/", headers={"Accept-Language": "en"}).status_code == 200


@pytest.mark.parametrize("locale,text", [("de", "Anmelden"), ("da", "Log ind"), ("en", "Log in")])
def test_login_page_in_each_language(client, locale, text):
    html = client.get("/account/login", headers={"Accept-Language": locale}).get_data(as_text=True)
    assert f'lang="{locale}"' in html
    assert text in html


def test_language_choice_is_remembered_over_browser_language(client):
    response = client.post("/language", data={"locale": "da", "next": "/account/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/login"
    html = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'lang="da"' in html


def _language_next(html: str) -> str:
    return re.search(r'name="next" value="([^"]*)"', html).group(1)


def test_language_switch_after_a_form_error_returns_to_the_form_page(client, db, login_as):
    from tests.processes.factories import ProcessFactory

    login_as("office_staff")
    process = ProcessFactory()
    edit = f"/processes/{process.id}/edit"
    bad = client.post(
        f"/processes/{process.id}/phases",  # answers POST only
        data={
            "phase-title": "Sitzung",
            "phase-starts_on": "2026-05-10",
            "phase-ends_on": "2026-05-01",
        },
        headers={"Referer": f"http://localhost{edit}"},
    )
    assert bad.status_code == 422
    switched = client.post("/language", data={"locale": "da", "next": _language_next(bad.text)})
    assert switched.status_code == 303 and switched.headers["Location"] == edit
    page = client.get(edit)
    assert page.status_code == 200 and 'lang="da"' in page.text


def test_language_switch_never_leads_to_a_post_only_address(client, db):
    response = client.post("/language", data={"locale": "de", "next": "/account/logout"})
    assert response.headers["Location"] == "/"
    assert client.get(response.headers["Location"]).status_code == 200


def test_language_switch_ignores_foreign_next(client):
    response = client.post("/language", data={"locale": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_default_language_when_browser_sends_none(client, app):
    html = client.get("/").get_data(as_text=True)
    assert f'lang="{app.config["BABEL_DEFAULT_LOCALE"]}"' in html


def test_lazy_message_with_user_input_is_escaped(app, db):
    from flask import render_template_string
    from flask_babel import lazy_gettext

    message = lazy_gettext("“%(value)s” is not a date.", value="<script>alert(1)</script>")
    html = render_template_string("{{ message }}", message=message)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "6,149 requests"), ("de", "6.149 Anfragen"), ("da", "6.149 henvendelser")],
)
def test_counts_in_sentences_are_formatted_for_the_language(app, locale, text):
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": locale}):
        html = render_template_string('{{ ngettext("%(num)s request", "%(num)s requests", 6149) }}')
    assert html == text
