"""Method cards of the toolkit (Instrumentenkoffer): texts in the office's language, optional
versions in the others (office/core/translations.py)."""

import sqlalchemy as sa

from office.core.db import TimestampMixin, one_of
from office.core.translations import Translatable
from office.extensions import db
from office.methods.rules import MethodFacts

#: participation levels, from least to most influence (shared with processes)
LEVELS = ("inform", "consult", "involve", "decide")
#: what a process wants to achieve; a method card serves one or more goals
GOALS = ("recommendations", "ideas", "feedback", "co_design", "network", "implementation")
#: the texts of a card, in the office's language and optionally in the others
TEXT_FIELDS = (
    "name",
    "purpose",
    "group_size_text",
    "duration_text",
    "staffing",
    "when_to_use",
    "when_not",
)


class Method(Translatable, TimestampMixin, db.Model):
    """A participation method: what it is for, how big, how long, how costly."""

    __tablename__ = "methods"
    __table_args__ = (
        one_of("level", LEVELS),
        sa.CheckConstraint("group_min <= group_max", name="group_range"),
        sa.CheckConstraint("cost_min <= cost_max", name="cost_range"),
    )
    TRANSLATED = TEXT_FIELDS
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(60), nullable=False, unique=True)
    level = db.Column(db.String(20), nullable=False)
    #: goals as a space-separated list of GOALS
    goals = db.Column(db.String(200), nullable=False, default="")
    group_min = db.Column(db.Integer, nullable=False)
    group_max = db.Column(db.Integer, nullable=False)
    #: weeks from the start of preparation to the result, typical
    duration_weeks = db.Column(db.Integer, nullable=False)
    #: external costs in the office's currency, typical range
    cost_min = db.Column(db.Numeric(10, 2), nullable=False)
    cost_max = db.Column(db.Numeric(10, 2), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    purpose = db.Column(db.Text, nullable=False)
    group_size_text = db.Column(db.String(300), nullable=False)
    duration_text = db.Column(db.String(300), nullable=False)
    staffing = db.Column(db.Text, nullable=False)
    when_to_use = db.Column(db.Text, nullable=False)
    when_not = db.Column(db.Text, nullable=False)

    @property
    def goal_list(self) -> list[str]:
        return self.goals.split()

    @property
    def facts(self) -> MethodFacts:
        """What the finder compares (office/methods/rules.py)."""
        return MethodFacts(
            tuple(self.goal_list),
            self.level,
            self.group_min,
            self.group_max,
            self.cost_min,
            self.duration_weeks,
        )

    def __str__(self):
        return self.text("name")
