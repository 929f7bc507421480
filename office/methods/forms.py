from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from office.methods.labels import goal_choices, level_choices


class FinderForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    goal = SelectField(_l("Goal"), choices=[], validators=[Optional()])
    level = SelectField(_l("Participation level"), choices=[], validators=[Optional()])
    participants = IntegerField(
        _l("Expected participants"), validators=[Optional(), NumberRange(min=1, max=1_000_000)]
    )
    budget = DecimalField(
        _l("Budget for external costs"), places=0, validators=[Optional(), NumberRange(min=0)]
    )
    weeks = IntegerField(
        _l("Weeks available"),
        description=_l("From the start of preparation to the result."),
        validators=[Optional(), NumberRange(min=1, max=520)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal.choices = [("", _l("Any goal")), *goal_choices()]
        self.level.choices = [("", _l("Any level")), *level_choices()]
