import pytest
import sqlalchemy as sa
from flask_babel import refresh

from office.methods.content import METHOD_CARDS
from office.methods.models import TEXT_FIELDS
from office.methods.services import install_method_cards
from tests.processes.factories import ProcessFactory

SLUGS = [
    "citizens-assembly",
    "citizens-panel",
    "open-space",
    "world-cafe",
    "planning-cell",
    "co-creation-workshop",
    "online-dialogue",
    "strategy-meeting",
]


def test_method_cards_cover_the_toolkit_in_three_languages():
    assert [c["slug"] for c in METHOD_CARDS] == SLUGS
    for card in METHOD_CARDS:
        assert set(card["texts"]) == {"de", "da", "en"}
        for locale, texts in card["texts"].items():
            assert all(texts[f].strip() for f in TEXT_FIELDS), (card["slug"], locale)
        assert card["group_min"] <= card["group_max"] and card["cost_min"] <= card["cost_max"]


def test_install_method_cards_twice_creates_them_once(db):
    assert install_method_cards() == 8
    assert install_method_cards() == 0


@pytest.mark.parametrize(
    ("locale", "name"),
    [("de", "Bürgerrat"), ("da", "Borgerting"), ("en", "Citizens&#39; assembly")],
)
def test_method_card_in_each_language(client, db, locale, name):
    install_method_cards()
    client.post("/language", data={"locale": locale})
    html = client.get("/methods/citizens-assembly").get_data(as_text=True)
    assert f"<h1>{name}</h1>" in html


def test_method_card_links_public_example_processes(client, db):
    install_method_cards()
    from office.extensions import db as _db
    from office.methods.models import Method

    method = _db.session.scalar(_db.select(Method).filter_by(slug="world-cafe"))
    ProcessFactory(title="Zukunft Nordstadt", methods=[method])
    ProcessFactory(title="Geheimsache", methods=[method], is_public=False)
    html = client.get("/methods/world-cafe").get_data(as_text=True)
    assert "Zukunft Nordstadt" in html and "Geheimsache" not in html


def test_finder_filters_by_goal_size_budget_time(client, db):
    install_method_cards()
    html = client.get(
        "/methods/?goal=recommendations&participants=40&budget=100000&weeks=40"
    ).get_data(as_text=True)
    assert "Citizens&#39; assembly" in html and "Planning cell" in html and "World café" not in html
    cheap = client.get("/methods/?goal=recommendations&budget=5000").get_data(as_text=True)
    assert "No method fits" in cheap


def test_finder_bad_number_shows_error(client, db):
    install_method_cards()
    html = client.get("/methods/?participants=-5").get_data(as_text=True)
    assert "error-summary" in html


def test_unknown_method_404(client, db):
    assert client.get("/methods/no-such-method").status_code == 404


def _card_form(versions=("de", "da"), **overrides):
    """The office's language (en in the tests) in the main fields, versions in `versions`."""
    data = {
        "level": "consult", "goals": ["feedback"], "group_min": "10", "group_max": "60",
        "duration_weeks": "6", "cost_min": "1000", "cost_max": "5000",
    }  # fmt: skip
    for name in TEXT_FIELDS:
        data[name] = "Neighbourhood walk" if name == "name" else f"{name} en"
        for locale in versions:
            data[f"tr_{locale}_{name}"] = (
                f"Kiezspaziergang {locale}" if name == "name" else f"{name} {locale}"
            )
    data.update(overrides)
    return data


def test_staff_creates_and_edits_method_card(client, db, login_as):
    login_as("office_staff")
    form = client.get("/methods/new").text
    assert 'name="tr_da_purpose"' in form and 'name="tr_en_purpose"' not in form
    response = client.post("/methods/new", data=_card_form())
    assert response.status_code == 302 and response.location.endswith("/methods/neighbourhood-walk")
    client.post("/language", data={"locale": "de"})
    refresh()  # the test's request context is shared by the client's requests: forget "en"
    assert "<h1>Kiezspaziergang de</h1>" in client.get("/methods/neighbourhood-walk").get_data(
        as_text=True
    )
    edit = client.get("/methods/neighbourhood-walk/edit").text
    assert "Kiezspaziergang da" in edit and 'value="Neighbourhood walk"' in edit
    client.post(
        "/methods/neighbourhood-walk/edit", data=_card_form(tr_de_name="Stadtteilspaziergang")
    )
    assert "<h1>Stadtteilspaziergang</h1>" in client.get("/methods/neighbourhood-walk").get_data(
        as_text=True
    )


def test_card_in_the_offices_language_alone_shows_in_it_marked(client, db, login_as):
    login_as("office_staff")
    response = client.post("/methods/new", data=_card_form(versions=()))
    assert response.status_code == 302  # no other language is required
    client.post("/language", data={"locale": "da"})
    refresh()
    page = client.get("/methods/neighbourhood-walk").text
    assert '<h1 lang="en">Neighbourhood walk</h1>' in page
    assert '<p class="lead" lang="en">purpose en</p>' in page


def test_card_without_the_offices_text_is_refused_and_nothing_stored(client, db, login_as):
    from office.methods.models import Method

    login_as("office_staff")
    response = client.post("/methods/new", data=_card_form(purpose=""))
    assert response.status_code == 422 and "error-summary" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Method)) == 0


def test_standard_cards_in_a_german_office(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "de")
    install_method_cards()
    from office.methods.models import Method

    card = db.session.scalar(sa.select(Method).filter_by(slug="citizens-assembly"))
    assert card.name == "Bürgerrat" and card.translations["da"]["name"] == "Borgerting"
    assert card.missing_translations() == []


def test_method_card_group_range_must_be_ordered(client, db, login_as):
    login_as("office_staff")
    response = client.post("/methods/new", data=_card_form(group_min="80", group_max="10"))
    assert "The smallest group cannot be larger than the largest." in response.get_data(
        as_text=True
    )


def test_method_card_editing_staff_only(client, db, login_as):
    install_method_cards()
    login_as("department_staff")
    assert client.get("/methods/world-cafe/edit").status_code == 403
