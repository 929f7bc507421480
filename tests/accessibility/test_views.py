"""The accessibility statement (EU model statement) with its feedback form, and the page in
Leichte Sprache linked from every page."""

import pytest

SECTIONS = {
    "en": ["Compliance status", "Non-accessible content", "Preparation of this accessibility statement",
           "Feedback and contact information", "Enforcement procedure", "6 December 2026"],
    "de": ["Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte",
           "Erstellung dieser Erklärung zur Barrierefreiheit", "Feedback und Kontaktangaben",
           "Durchsetzungsverfahren", "6. Dezember 2026"],
    "da": ["Overensstemmelsesstatus", "Indhold, der ikke er tilgængeligt",
           "Udarbejdelse af denne tilgængelighedserklæring", "Feedback og kontaktoplysninger",
           "Håndhævelsesprocedure", "6. december 2026"],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["de", "da", "en"])
def test_statement_has_every_part_of_the_model_statement(client, locale):
    page = client.get("/about/accessibility", headers={"Accept-Language": locale}).text
    for part in SECTIONS[locale]:
        assert part in page, part
    assert 'name="message"' in page and "schlichtungsstelle-bgg.de" in page


def test_danish_office_names_its_enforcement_body_and_national_statement(app, client):
    saved = app.config["OFFICE_SELLER_COUNTRY"], app.config["OFFICE_ACCESSIBILITY_STATEMENT_URL"]
    national = "https://www.was.digst.dk/app-example-dk"
    app.config.update(OFFICE_SELLER_COUNTRY="DK", OFFICE_ACCESSIBILITY_STATEMENT_URL=national)
    try:
        page = client.get("/about/accessibility", headers={"Accept-Language": "da"}).text
    finally:
        app.config["OFFICE_SELLER_COUNTRY"], app.config["OFFICE_ACCESSIBILITY_STATEMENT_URL"] = (
            saved
        )
    assert "Digitaliseringsstyrelsen" in page and f'href="{national}"' in page


def test_feedback_reaches_the_office(app, client, db, outbox):
    response = client.post(
        "/about/accessibility",
        data={"message": "Der Kalender ist mit der Lupe schwer zu lesen.", "page": "/calendar/",
              "email": "ayse@example.org"},
    )  # fmt: skip
    assert response.status_code == 302
    [mail] = outbox.to(app.config["OFFICE_ACCESSIBILITY_CONTACT"])
    assert "Der Kalender ist mit der Lupe" in mail.body_text
    assert "/calendar/" in mail.body_text and "ayse@example.org" in mail.body_text
    page = client.get(response.headers["Location"]).text
    assert "Thank you. Your message has reached us." in page


def test_empty_feedback_is_refused_and_nothing_is_sent(client, db, outbox):
    response = client.post("/about/accessibility", data={"message": " ", "email": "not an address"})
    assert response.status_code == 422
    assert "Please describe the barrier." in response.text
    assert "Please give a valid email address." in response.text
    assert outbox.messages == []


@pytest.mark.parametrize("path", ["/", "/courses/", "/about/privacy", "/account/login"])
def test_every_page_links_to_easy_language(client, path):
    page = client.get(path).text
    assert '<a href="/about/leichte-sprache" lang="de">Leichte Sprache</a>' in page


@pytest.mark.parametrize("locale", ["de", "da", "en"])
def test_easy_language_page_is_german_in_every_language(client, locale):
    page = client.get("/about/leichte-sprache", headers={"Accept-Language": locale}).text
    assert '<div lang="de" class="easy-language">' in page
    assert "Bürger·beteiligung heißt:" in page and "/about/accessibility#feedback" in page
