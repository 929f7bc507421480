"""Password guesses throttled per account, with growing waits, without locking the owner out."""

import time_machine

from office.auth import rules
from tests.factories import PASSWORD, UserFactory

WRONG = "not the password!!"


def _client(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login(client, email, password=PASSWORD):
    return client.post("/account/login", data={"email": email, "password": password})


def test_guess_wait_is_free_then_doubles_up_to_a_cap():
    free = rules.FREE_GUESSES_PER_ADDRESS
    waits = [rules.guess_wait(n, free) for n in range(1, free + 8)]
    assert waits[: free - 1] == [0] * (free - 1)
    assert waits[free - 1 : free + 5] == [30, 60, 120, 240, 480, 900]
    assert waits[-1] == rules.LONGEST_WAIT_SECONDS


def test_login_guesses_from_one_address_wait_but_the_owner_elsewhere_logs_in(client, app, db):
    owner = UserFactory(email="ann@example.org")
    home = _client(app, "192.0.2.10")
    assert _login(home, owner.email).status_code == 302  # her usual address
    home.post("/account/logout")
    attacker = _client(app, "198.51.100.7")
    answers = [_login(attacker, owner.email, WRONG).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    # the right password is not even checked while the address waits
    refused = _login(attacker, owner.email)
    assert refused.status_code == 429
    assert "Too many wrong passwords for this account" in refused.get_data(as_text=True)
    assert _login(home, owner.email).status_code == 302


def test_login_wait_grows_with_each_further_wrong_password(client, app, db):
    owner = UserFactory(email="ann@example.org")
    attacker = _client(app, "198.51.100.7")
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        for _ in range(rules.FREE_GUESSES_PER_ADDRESS):
            _login(attacker, owner.email, WRONG)
        assert _login(attacker, owner.email).status_code == 429
        clock.shift(31)
        assert _login(attacker, owner.email, WRONG).status_code == 200  # checked, wrong again
        clock.shift(31)
        assert _login(attacker, owner.email).status_code == 429  # now a minute
        clock.shift(30)
        assert _login(attacker, owner.email).status_code == 302


def test_many_addresses_guessing_one_account_are_throttled_together(client, app, db):
    """The issue's measurement: 20 addresses x 8 guesses on one account gave no refusal."""
    owner = UserFactory(email="ann@example.org")
    home = _client(app, "192.0.2.10")
    _login(home, owner.email)
    home.post("/account/logout")
    refused = 0
    for n in range(20):
        guesser = _client(app, f"203.0.113.{n + 1}")
        refused += [_login(guesser, owner.email, WRONG).status_code for _ in range(8)].count(429)
    # the account-wide series: 20 free, then every new address waits as well
    assert refused >= 20 * 8 - rules.FREE_GUESSES_PER_ACCOUNT - 20
    assert _login(_client(app, "203.0.113.200"), owner.email).status_code == 429
    assert _login(home, owner.email).status_code == 302


def test_unknown_address_is_throttled_like_a_known_one(client, app, db):
    UserFactory(email="ann@example.org")
    guesser = _client(app, "198.51.100.7")
    known = [_login(guesser, "ann@example.org", WRONG).status_code for _ in range(6)]
    unknown = [_login(guesser, "nobody@example.org", WRONG).status_code for _ in range(6)]
    assert known == unknown == [200] * 5 + [429]


def _signed_in(app, db, address="192.0.2.10"):
    user = UserFactory(email="ann@example.org")
    client = _client(app, address)
    assert _login(client, user.email).status_code == 302
    return user, client


def test_password_change_form_cannot_be_used_to_guess(client, app, db):
    user, session = _signed_in(app, db)
    form = {"pw-password": "a brand new passphrase", "pw-confirm": "a brand new passphrase"}
    for _ in range(rules.FREE_GUESSES_PER_ADDRESS):
        html = session.post("/account/", data={**form, "pw-current_password": WRONG})
        assert "The current password is wrong." in html.get_data(as_text=True)
    html = session.post("/account/", data={**form, "pw-current_password": PASSWORD})
    assert "Too many wrong passwords for this account" in html.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_email_change_form_cannot_be_used_to_guess(client, app, db, outbox):
    user, session = _signed_in(app, db)
    form = {"email-email": "new@example.org"}
    for _ in range(rules.FREE_GUESSES_PER_ADDRESS):
        session.post("/account/", data={**form, "email-password": WRONG})
    html = session.post("/account/", data={**form, "email-password": PASSWORD})
    assert "Too many wrong passwords for this account" in html.get_data(as_text=True)
    assert outbox.to("new@example.org") == []


def test_password_confirmation_cannot_be_used_to_guess(client, app, db):
    _user, session = _signed_in(app, db)
    for _ in range(rules.FREE_GUESSES_PER_ADDRESS):
        assert session.post("/account/confirm", data={"password": WRONG}).status_code == 200
    assert session.post("/account/confirm", data={"password": PASSWORD}).status_code == 429


def _reset_seconds(app, email, n):
    import time

    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n}"  # the per-address limit is not the point
    started = time.perf_counter()
    assert client.post("/account/reset", data={"email": email}).status_code == 302
    return time.perf_counter() - started


def test_reset_request_takes_as_long_for_unknown_addresses_as_for_known_ones(client, app, db):
    """The issue measured 11.5 ms for a known address against 7.0 ms for an unknown one.

    Compared by the fastest of each kind: a busy machine only ever adds time, so the minimum is the
    answer's own duration (the median of a few loads wandered by more than 5 ms under load)."""
    UserFactory(email="ann@example.org")
    known, unknown = [], []
    for n in range(8):
        known.append(_reset_seconds(app, "ann@example.org", 2 * n + 1))
        unknown.append(_reset_seconds(app, f"nobody{n}@example.org", 2 * n + 2))
    assert min(known) < max(unknown) and min(unknown) < max(known), (known, unknown)
    padded = app.config["OFFICE_RESET_ANSWER_SECONDS"]
    assert padded >= 0.1 and min(known + unknown) >= padded, (known, unknown)
    assert abs(min(known) - min(unknown)) < 0.005, (known, unknown)
