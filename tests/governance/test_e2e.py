"""In a real browser: a department's request goes through triage, a written procedure of the
board and reaches the requester and the public register (German); the public submits a request
with a confirmed email address (Danish). axe-core on every page."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from office.core.models import OutboxMessage
from office.governance.models import BoardMember, BoardTerm, RulesVersion
from tests.conftest import a11y
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def _login(page, url, email, language="Deutsch"):
    page.goto(url + "/account/login")
    a11y(page)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    a11y(page)
    # logging in starts a new session: choose the language again
    page.get_by_role("button", name=language).click()
    a11y(page)


def _logout(page):
    page.locator(".account-links button").click()
    a11y(page)


def _board(db, users):
    db.session.add(
        RulesVersion(version=1, title="GO", body="# GO", effective_from=date(2020, 1, 1))
    )
    for user in users:
        member = BoardMember(name=user.name, email=user.email, user=user)
        member.terms.append(
            BoardTerm(seat_group="citizens", function="member", starts_on=date(2020, 1, 1))
        )
        db.session.add(member)


def test_department_request_through_written_procedure_in_german(page, live_server, committed_db):
    db = committed_db
    department = UserFactory(
        email="dana@example.org", name="Dana Fachbereich", roles=["department_staff"]
    )
    staff = UserFactory(email="sven@example.org", name="Sven Stab", roles=["office_staff"])
    voters = [
        UserFactory(email=f"beirat{i}@example.org", name=f"Beirat {i}", roles=["board_member"])
        for i in (1, 2)
    ]
    _board(db, voters)
    db.session.commit()
    url = live_server.url

    # the department submits
    _login(page, url, department.email)
    page.goto(url + "/requests/")
    a11y(page)
    page.get_by_role("link", name="Unterstützung bei einem Beteiligungsverfahren").click()
    a11y(page)
    page.get_by_label("Titel").fill("Beteiligung zum Marktplatz")
    page.get_by_label("Gegenstand des Verfahrens").fill("Umgestaltung Marktplatz")
    page.get_by_label("Beschreibung").fill("Wir planen drei Werkstätten.")
    page.get_by_role("button", name="Anfrage absenden").click()
    expect(page.get_by_text("ist eingegangen")).to_be_visible()
    a11y(page)
    request_url = page.url
    _logout(page)

    # staff triage and forward to a written procedure
    _login(page, url, staff.email)
    page.goto(url + "/requests/queue")
    a11y(page)
    page.get_by_role("link", name="Beteiligung zum Marktplatz").click()
    a11y(page)
    page.locator("#step-target").select_option("in_triage")
    expect(page.locator("#step-reason")).to_be_hidden()  # only what the chosen step needs
    page.locator("#step-assignee").select_option(label="Sven Stab")
    page.get_by_role("button", name="Status ändern").click()
    expect(page.get_by_text("Die Anfrage ist jetzt „In Prüfung“.")).to_be_visible()
    a11y(page)
    page.locator("#forward-procedure").select_option("written")
    page.locator("#forward-deadline").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="An den Beirat weiterleiten").click()
    expect(page.get_by_text("Die Anfrage ist an den Beirat weitergeleitet.")).to_be_visible()
    a11y(page)
    item_url = page.url
    _logout(page)

    # both members in office vote yes in writing
    for voter in voters:
        _login(page, url, voter.email)
        page.goto(item_url)
        a11y(page)
        page.get_by_label("Ja", exact=True).check()
        page.get_by_role("button", name="Stimme abgeben").click()
        expect(page.get_by_text("Ihre Stimme ist erfasst.")).to_be_visible()
        a11y(page)
        _logout(page)

    # staff record the decision computed from the votes
    _login(page, url, staff.email)
    page.goto(item_url)
    a11y(page)
    page.get_by_label("Begründung").fill("Der Beirat unterstützt das Vorhaben.")
    page.get_by_role("button", name="Beschluss erfassen").click()
    expect(page.get_by_role("heading", name="Beschluss: Angenommen")).to_be_visible()
    a11y(page)
    _logout(page)

    # the requester sees the decision, gets it by email, and the register shows it
    _login(page, url, department.email)
    page.goto(request_url)
    expect(page.locator(".badge").first).to_have_text("Angenommen")
    expect(page.get_by_text("Der Beirat unterstützt das Vorhaben.").first).to_be_visible()
    a11y(page)
    db.session.rollback()  # end the test's read transaction to see what the server committed
    subjects = db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == department.email)
    ).all()
    assert any(s.startswith("Beschluss des Beirats") for s in subjects), subjects
    page.goto(url + "/board/decisions")
    expect(page.get_by_role("link", name="Beteiligung zum Marktplatz")).to_be_visible()
    a11y(page)


def test_public_request_confirmed_by_link_in_danish(page, live_server, committed_db):
    db = committed_db
    url = live_server.url
    page.goto(url + "/requests/")
    a11y(page)
    page.get_by_role("button", name="Dansk").click()
    a11y(page)
    page.get_by_role("link", name="Støtte til et initiativ").click()
    a11y(page)
    page.get_by_label("Dit navn").fill("Freja Nielsen")
    page.get_by_label("E-mailadresse").fill("freja@example.org")
    page.get_by_label("Titel").fill("Lokale til vores café")
    page.get_by_label("Initiativets navn").fill("Nabocaféen")
    page.get_by_label("Beskrivelse").fill("Vi mangler et lokale om onsdagen.")
    page.get_by_role("button", name="Send henvendelse").click()
    expect(page.get_by_role("heading", name="Bekræft venligst din e-mailadresse")).to_be_visible()
    a11y(page)
    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "freja@example.org")
    ).one()
    assert mail.subject == "Bekræft venligst din henvendelse"
    link = next(line for line in mail.body_text.splitlines() if "/requests/confirm/" in line)
    page.goto(link.replace("http://localhost", url))
    a11y(page)  # opening the link confirms nothing: a page with a button
    page.get_by_role("button", name="Bekræft min adresse").click()
    expect(page.get_by_text("Tak, din adresse er bekræftet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Lokale til vores café")).to_be_visible()
    a11y(page)
    page.get_by_label("Besked").fill("Hvornår kan vi se lokalet?")
    page.get_by_role("button", name="Send besked").click()
    expect(page.get_by_text("Din besked er sendt.")).to_be_visible()
    a11y(page)


def test_board_and_report_pages_with_demo_data(page, live_server, committed_db):
    from office.core.registry import DEMO_SEEDERS

    for seeder in DEMO_SEEDERS:
        seeder.fn("small")
    committed_db.session.commit()
    url = live_server.url
    page.goto(url + "/account/login")
    a11y(page)
    page.locator("#email").fill("staff@example.org")
    page.locator("#password").fill("demo-password-2026")
    page.locator("main button[type=submit]").click()
    a11y(page)
    for path in ("/board/", "/board/rules", "/board/meetings", "/board/meetings/1", "/board/decisions",
                 "/board/items/3", "/board/audit", "/requests/queue", "/requests/3", "/requests/holidays",
                 "/reports/?year=2026", "/reports/annual?year=2026"):  # fmt: skip
        page.goto(url + path)
        a11y(page)
    page.goto(url + "/reports/?year=2026")
    expect(page.locator("svg.chart").first).to_be_visible()
    a11y(page)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/reports/?year=2026", "/requests/queue", "/board/", "/board/items/3"):
        page.goto(url + path)
        a11y(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"
