from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from office.core.forms import DecimalField, IntegerField, MultiCheckboxField
from office.core.i18n import LANGUAGE_NAMES
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


TEXT_LABELS = {
    "name": _l("Name"),
    "purpose": _l("Purpose"),
    "group_size_text": _l("Group size"),
    "duration_text": _l("Duration"),
    "staffing": _l("Staffing"),
    "when_to_use": _l("When to use it"),
    "when_not": _l("When not to use it"),
}


def method_form(locales):
    """A form with the card's facts and its texts in every language (fields `<field>_<locale>`)."""

    class MethodForm(MethodFactsForm):
        pass

    for locale in locales:
        for name, label in TEXT_LABELS.items():
            field_class = StringField if name == "name" else TextAreaField
            setattr(
                MethodForm,
                f"{name}_{locale}",
                field_class(
                    _l("%(label)s (%(language)s)", label=label, language=LANGUAGE_NAMES[locale]),
                    validators=[DataRequired(), Length(max=200 if name == "name" else 5000)],
                ),
            )
    return MethodForm
