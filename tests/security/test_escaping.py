"""Regressions found by the form fuzzer: a value typed by the user comes back escaped."""


def test_invalid_exception_date_is_shown_escaped(client, login_as):
    login_as("office_staff")
    response = client.post("/calendar/new", data={"title": "x", "exdates": "<zq-script>"})
    page = response.get_data(as_text=True)
    assert "&lt;zq-script&gt;" in page and "<zq-script>" not in page


def test_nul_characters_are_refused_with_400_not_a_database_error(client, login_as):
    """Found by the form fuzzer on PostgreSQL, which cannot store U+0000 in text."""
    response = client.post("/requests/new/other", data={"name": "a\x00b", "title": "x"})
    assert response.status_code == 400
    assert client.get("/processes/?q=a%00b").status_code == 400
    login_as("office_staff")
    assert client.post("/calendar/new", data={"title": "\x00"}).status_code == 400
