"""Regressions found by the form fuzzer: a value typed by the user comes back escaped."""


def test_invalid_exception_date_is_shown_escaped(client, login_as):
    login_as("office_staff")
    response = client.post("/calendar/new", data={"title": "x", "exdates": "<zq-script>"})
    page = response.get_data(as_text=True)
    assert "&lt;zq-script&gt;" in page and "<zq-script>" not in page
