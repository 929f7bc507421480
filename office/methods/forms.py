from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from office.core.forms import DecimalField, IntegerField, Length, MultiCheckboxField, NumberRange
from office.core.translations import TranslatedForm, add_translation_fields
from office.methods.labels import goal_choices, level_choices
from office.methods.models import TEXT_FIELDS


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


class MethodFactsForm(FlaskForm):
    level = SelectField(_l("Participation level"), choices=[])
    goals = MultiCheckboxField(_l("Goals"), choices=[])
    group_min = IntegerField(_l("Smallest group"), validators=[InputRequired(), NumberRange(min=1)])
    group_max = IntegerField(_l("Largest group"), validators=[InputRequired(), NumberRange(min=1)])
    duration_weeks = IntegerField(
        _l("Typical duration in weeks"), validators=[InputRequired(), NumberRange(min=1, max=520)]
    )
    cost_min = DecimalField(
        _l("Lowest typical cost"), places=2, validators=[InputRequired(), NumberRange(min=0)]
    )
    cost_max = DecimalField(
        _l("Highest typical cost"), places=2, validators=[InputRequired(), NumberRange(min=0)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = level_choices()
        self.goals.choices = goal_choices()


class MethodForm(TranslatedForm, MethodFactsForm):
    """A card's facts and its texts in the office's language, with optional versions in the
    others (office/core/translations.py)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    purpose = TextAreaField(_l("Purpose"), validators=[DataRequired(), Length(max=5000)])
    group_size_text = TextAreaField(_l("Group size"), validators=[DataRequired(), Length(max=300)])
    duration_text = TextAreaField(_l("Duration"), validators=[DataRequired(), Length(max=300)])
    staffing = TextAreaField(_l("Staffing"), validators=[DataRequired(), Length(max=5000)])
    when_to_use = TextAreaField(_l("When to use it"), validators=[DataRequired(), Length(max=5000)])
    when_not = TextAreaField(
        _l("When not to use it"), validators=[DataRequired(), Length(max=5000)]
    )

    def texts(self) -> dict:
        return {name: self[name].data for name in TEXT_FIELDS}


add_translation_fields(
    MethodForm,
    {
        "name": 200,
        "purpose": 5000,
        "group_size_text": 300,
        "duration_text": 300,
        "staffing": 5000,
        "when_to_use": 5000,
        "when_not": 5000,
    },
)
