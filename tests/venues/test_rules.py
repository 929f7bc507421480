import pytest

from office.venues import rules


@pytest.mark.parametrize(
    ("flags", "wanted", "expected"),
    [
        ({"step_free": True}, (), True),  # no filter: every venue
        ({"step_free": True}, ("step_free",), True),
        ({"step_free": False}, ("step_free",), False),
        ({"step_free": True, "hearing_loop": False}, ("step_free", "hearing_loop"), False),
        ({"step_free": True, "hearing_loop": True}, ("step_free", "hearing_loop"), True),
        ({}, ("quiet_room",), False),
    ],
)
def test_meets_needs_every_wanted_feature(flags, wanted, expected):
    assert rules.meets(flags, wanted) is expected


def test_unknown_features_are_reported():
    assert rules.unknown_features(["step_free", "lift", "quiet_room", "x"]) == ["lift", "x"]


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [(None, None, True), (52.4, 13.06, True), (52.4, None, False), (None, 0.0, False), (0.0, 0.0, True)],
)
def test_position_needs_both_or_neither(lat, lon, expected):
    assert rules.position_complete(lat, lon) is expected


def test_features_of_keeps_the_office_order():
    assert rules.features_of({"quiet_room": 1, "step_free": 1, "hearing_loop": 0}) == (
        "step_free", "quiet_room",
    )
