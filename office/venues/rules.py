"""The rules of the venue directory: what access a venue offers, and what a filter asks."""

#: the access features the office records for every venue (column names of Venue)
ACCESS_FEATURES = ("step_free", "accessible_toilet", "hearing_loop", "quiet_room")


def features_of(flags: dict) -> tuple[str, ...]:
    """The access features that are present, in the office's order."""
    return tuple(name for name in ACCESS_FEATURES if flags.get(name))


def meets(flags: dict, wanted) -> bool:
    """True when a venue offers every wanted feature (a calendar filter asks for all of them).

    The office's Potsdam model: people filter for what they need, so "step-free and hearing
    loop" must show only places with both, never places with either.
    """
    return all(flags.get(name) for name in wanted)


def unknown_features(wanted) -> list[str]:
    """The wanted values that are not features (a filter value that does not exist)."""
    return [name for name in wanted if name not in ACCESS_FEATURES]


def position_complete(latitude, longitude) -> bool:
    """A map position needs both coordinates or neither."""
    return (latitude is None) == (longitude is None)
