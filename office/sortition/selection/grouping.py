"""Interchangeable respondents, grouped: what lets LEXIMIN run on pools of thousands.

Two respondents are interchangeable when swapping them turns every valid panel into a valid
panel: they are in the same category of every feature and, under the household rule, they live
in households of the same make-up (the same categories, member by member). Swapping them also
swaps their probabilities in any distribution, and the leximin probabilities are unique, so
interchangeable respondents always get the same leximin probability.

The linear programs therefore need one variable per group of interchangeable respondents, and
a committee is a count per group (how many of its members sit on the panel). Under the
household rule a group's count is at most the number of its households, and the groups of one
household make-up share those households. Without the household rule, or for respondents who
are alone in their household, a group is simply everyone with the same categories.

No Flask, no database, no solver: pure functions of the pool.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: a committee as counts per group: ((group index, count), ...) in group order, counts > 0
Committee = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Group:
    """Interchangeable respondents: one category per feature, one household make-up."""

    #: the respondent's category in every feature (lower case, in feature order)
    categories: tuple[str, ...]
    #: index of the household make-up the group belongs to (see Grouping.shared)
    makeup: int
    #: per household of that make-up (same order in every group of it), its members in the group
    members: tuple[tuple[str, ...], ...]

    @property
    def size(self) -> int:
        return sum(len(household) for household in self.members)

    @property
    def capacity(self) -> int:
        """Most members of the group on one panel: one per household."""
        return len(self.members)


@dataclass(frozen=True)
class Grouping:
    features: tuple[str, ...]
    groups: tuple[Group, ...]
    #: groups whose households are the same (a make-up with members in several groups):
    #: together they take at most one seat per household
    shared: tuple[tuple[int, ...], ...]

    def members(self, g: int) -> list[str]:
        return [key for household in self.groups[g].members for key in household]

    def published(self) -> list[dict]:
        """The groups as the published distribution lists them (see selection/verify.py)."""
        return [
            {"makeup": group.makeup, "households": [list(h) for h in group.members]}
            for group in self.groups
        ]


def group_respondents(
    categories: Mapping[str, Sequence[str]],
    features: Sequence[str],
    households: Iterable[Sequence[str]] | None = None,
) -> Grouping:
    """Group interchangeable respondents.

    `categories` maps each respondent to its category per feature (in `features` order);
    `households` lists the respondents living together (None: no household rule, everyone is
    on their own). The order of everything is canonical, whatever the input order.
    """
    vector = {key: tuple(c.lower() for c in cats) for key, cats in categories.items()}
    if households is None:
        homes = [(key,) for key in vector]
    else:
        homes = [tuple(sorted(h)) for h in households if h]
        listed = {key for home in homes for key in home}
        homes += [(key,) for key in vector if key not in listed]
    # make-up of a household: its members' category vectors, sorted
    by_makeup: dict[tuple, list[tuple[str, ...]]] = defaultdict(list)
    for home in sorted(homes):
        by_makeup[tuple(sorted(vector[key] for key in home))].append(home)
    groups: list[Group] = []
    shared: list[tuple[int, ...]] = []
    for makeup, (layout, homes_of) in enumerate(sorted(by_makeup.items())):
        first = len(groups)
        for cats in sorted(set(layout)):
            members = tuple(tuple(k for k in home if vector[k] == cats) for home in homes_of)
            groups.append(Group(cats, makeup, members))
        if len(groups) - first > 1:
            shared.append(tuple(range(first, len(groups))))
    return Grouping(tuple(features), tuple(groups), tuple(shared))
