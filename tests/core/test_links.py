"""Absolute links come from OFFICE_BASE_URL in a request, a cron command and a worker alike."""

import threading

import pytest
from flask import has_request_context

from office.core.links import absolute_url


def test_absolute_url_without_a_request_uses_the_base_url(app, db):
    assert not has_request_context()
    assert absolute_url("courses.course", slug="moderation") == (
        "http://localhost/courses/moderation"
    )


def test_absolute_url_in_a_request_ignores_the_host_the_client_sent(app):
    with app.test_request_context("/", base_url="http://attacker.example"):
        assert absolute_url("core.home") == "http://localhost/"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://buero.example.org", "https://buero.example.org/courses/a?x=1#top"),
        ("https://example.org/office/", "https://example.org/office/courses/a?x=1#top"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000/courses/a?x=1#top"),
    ],
)
def test_absolute_url_under_a_base_url_with_port_or_path(make_app, base, expected):
    app = make_app(OFFICE_BASE_URL=base)
    with app.app_context():
        assert absolute_url("courses.course", slug="a", x=1, _anchor="top") == expected


def test_absolute_url_in_a_worker_thread(app):
    urls = []

    def work():
        with app.app_context():
            urls.append(absolute_url("events.show", event_id=7))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(10)
    assert urls == ["http://localhost/calendar/events/7"]


def test_mail_templates_build_links_from_the_base_url(app, db):
    from flask import render_template_string

    assert render_template_string("{{ absolute_url('core.home') }}") == "http://localhost/"
