"""What a LEXIMIN run gives: the lottery over committees, and counts of how it was found."""

from dataclasses import dataclass

from office.sortition.selection.grouping import Committee, Grouping


@dataclass
class LeximinStats:
    """Counts and CPU seconds of one run (bench/sortition.py prints them)."""

    respondents: int = 0
    groups: int = 0
    stages: int = 0
    lp_solves: int = 0
    #: committee programs solved after the initial committees (pricing) ...
    ilp_solves: int = 0
    #: ... and how many of all committee programs needed branch and bound
    branch_and_bound: int = 0
    committees: int = 0
    relaxations: int = 0
    setup_seconds: float = 0.0
    initial_seconds: float = 0.0
    lp_seconds: float = 0.0
    ilp_seconds: float = 0.0
    #: unperturbed stage LP solves that stalled and ran again with perturbation
    lp_restarts: int = 0
    #: how the result was found: "relaxation" (relaxation.py) or "column generation"
    path: str = "column generation"
    relaxed_stages: int = 0
    face_steps: int = 0
    half_steps: int = 0
    repairs: int = 0
    relaxation_seconds: float = 0.0


@dataclass
class LeximinDistribution:
    """Committees as counts per group, their probabilities, and each group's probability."""

    grouping: Grouping
    committees: list[Committee]
    probabilities: list[float]

    def group_probabilities(self) -> list[float]:
        sizes = [group.size for group in self.grouping.groups]
        out = [0.0] * len(sizes)
        for committee, p in zip(self.committees, self.probabilities, strict=True):
            for g, count in committee:
                out[g] += p * count / sizes[g]
        return out

    def marginals(self) -> dict[str, float]:
        """Every respondent's probability of a seat."""
        return {
            key: p
            for g, p in enumerate(self.group_probabilities())
            for key in self.grouping.members(g)
        }
