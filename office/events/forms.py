"""Forms of the event calendar: field-level checks only."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from office.core.forms import (
    DateField,
    IntegerField,
    Length,
    MultiCheckboxField,
    NumberRange,
    WebAddress,
    coerce_id,
)
from office.core.translations import TranslatedForm, add_translation_fields
from office.events.labels import FREQUENCY_LABELS, ORGANISER_LABELS, kind_label
from office.venues.labels import FEATURE_LABELS


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return coerce_id(value)


class EventForm(TranslatedForm, FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    initiative = SelectField(_l("Organising initiative"), coerce=_int_or_none, validate_choice=True)
    organiser_kind = SelectField(_l("Organiser"), choices=list(ORGANISER_LABELS.items()))
    organiser_name = StringField(
        _l("Name of the organiser"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example the department or board; not needed for initiatives."),
    )
    all_day = BooleanField(_l("All-day event"))
    start_date = DateField(_l("Start date"), validators=[DataRequired()])
    start_time = TimeField(_l("Start time"), validators=[Optional()])
    end_date = DateField(
        _l("End date"), validators=[Optional()], description=_l("Empty: the same day.")
    )
    end_time = TimeField(_l("End time"), validators=[Optional()])
    venue = SelectField(
        _l("Venue"),
        coerce=_int_or_none,
        validate_choice=True,
        description=_l("A place from the directory of venues, with its address and access."),
    )
    location = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Address and room. Leave empty for online events."),
    )
    online_url = URLField(
        _l("Online link"),
        validators=[Optional(), WebAddress(), Length(max=500)],
    )
    district = SelectField(_l("District"), coerce=_int_or_none, validate_choice=True)
    topics = MultiCheckboxField(_l("Topics"), coerce=coerce_id)
    accessibility = TextAreaField(
        _l("Accessibility"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Step-free access, sign language, childcare, quiet room ..."),
    )
    registration_url = URLField(
        _l("Registration link"),
        validators=[Optional(), WebAddress(), Length(max=500)],
        description=_l("If people register on another website."),
    )
    capacity = IntegerField(
        _l("Places"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Optional. With a number, people can sign up on the event page."),
    )
    frequency = SelectField(_l("Repeats"), choices=list(FREQUENCY_LABELS.items()), default="none")
    repeat_interval = IntegerField(
        _l("Every how many days, weeks or months"),
        default=1,
        validators=[Optional(), NumberRange(min=1, max=12)],
    )
    repeat_until = DateField(_l("Last date"), validators=[Optional()])
    repeat_count = IntegerField(
        _l("Or number of dates"), validators=[Optional(), NumberRange(min=2, max=520)]
    )
    exdates = TextAreaField(
        _l("Dates on which it does not take place"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One date per line, as YYYY-MM-DD."),
    )

    def validate_exdates(self, field):
        for line in (field.data or "").split():
            try:
                date.fromisoformat(line.strip())
            except ValueError as exc:
                # gettext, not lazy_gettext: a lazy string counts as safe HTML in templates, and
                # the value is what the user typed
                raise ValidationError(
                    _("“%(value)s” is not a date like 2026-05-12.", value=line)
                ) from exc

    def exdate_list(self) -> list[str]:
        return sorted(
            {date.fromisoformat(x.strip()).isoformat() for x in (self.exdates.data or "").split()}
        )

    def set_choices(self, districts, topics, initiatives, staff: bool, venues=()) -> None:
        self.venue.choices = [(None, _l("No venue from the directory"))] + list(venues)
        self.district.choices = [(None, _l("Citywide / not in one district"))] + [
            (d.id, d.name) for d in districts
        ]
        self.topics.choices = [(t.id, t.name) for t in topics]
        none = [(None, _l("No initiative"))] if staff else []
        self.initiative.choices = none + [(i.id, i.name) for i in initiatives]
        if not staff:
            del self.organiser_kind
            del self.organiser_name


add_translation_fields(EventForm, {"title": 200, "description": 5000, "accessibility": 1000})


class ModerateEventForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            ("publish", _l("Publish")),
            ("request_changes", _l("Ask for changes")),
            ("reject", _l("Reject")),
            ("cancel", _l("Take out of the calendar")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Sent by email. Required unless you publish."),
    )


class SignupForm(FlaskForm):
    occurrence = SelectField(_l("Date"), validators=[DataRequired()])
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Your email address"), validators=[DataRequired(), Email(), Length(max=320)]
    )


class CalendarFilterForm(FlaskForm):
    class Meta:
        csrf = False

    district = SelectField(_l("District"), validators=[Optional()])
    topic = SelectField(_l("Topic"), validators=[Optional()])
    organiser = SelectField(_l("Organiser"), validators=[Optional()])
    kind = SelectField(_l("Type"), validators=[Optional()])
    access = SelectField(_l("Access"), validators=[Optional()])

    def set_choices(self, districts, topics, kinds) -> None:
        everything = [("", _l("All"))]
        self.access.choices = [("", _l("Any"))] + list(FEATURE_LABELS.items())
        self.district.choices = everything + [(d.slug, d.name) for d in districts]
        self.topic.choices = everything + [(t.slug, t.name) for t in topics]
        self.organiser.choices = everything + list(ORGANISER_LABELS.items())
        self.kind.choices = everything + [(k, kind_label(k)) for k in kinds]


class CancelEventForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Shown on the event page and sent to everyone who signed up."),
    )


#: the survey's answers, best first
RATING_CHOICES = [
    (5, _l("5 – very good")),
    (4, _l("4 – good")),
    (3, _l("3 – fair")),
    (2, _l("2 – poor")),
    (1, _l("1 – very poor")),
]


class SurveyForm(FlaskForm):
    """The short satisfaction survey after an event (anonymous)."""

    rating = RadioField(
        _l("How satisfied were you with the event?"),
        choices=RATING_CHOICES,
        coerce=int,
        validators=[DataRequired(message=_l("Please choose a rating from one to five."))],
    )
    comment = TextAreaField(
        _l("What should we keep or change? (optional)"), validators=[Optional(), Length(max=1000)]
    )
