"""Course forms: field-level checks, every field bounded; the schedule checks use the same rule as
the service (`rules.schedule_problems`)."""

from datetime import time
from decimal import Decimal

from babel import Locale
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from office.core.forms import (
    DateField,
    DecimalField,
    IntegerField,
    Length,
    MultiCheckboxField,
    NumberRange,
    coerce_id,
    coerce_optional_id,
    localized_message,
)
from office.core.translations import TranslatedForm, add_translation_fields
from office.courses import rules
from office.courses.labels import FORMAT, PRICE_BASIS, choices
from office.venues import interface as venues

#: the highest price per person staff may enter (a plausibility bound, not a rule)
MAX_PRICE = Decimal("100000")
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
LANGUAGES = [("de", "Deutsch"), ("da", "Dansk"), ("en", "English")]


def strip_text(value):
    return value.strip() if isinstance(value, str) else value


#: the number in the reader's format ("100.000", "100,000")
AMOUNT_MESSAGE = _l("Please enter an amount from 0 to %(max)s.")


class MoneyField(DecimalField):
    """An amount per person: a finite number from 0 up to MAX_PRICE, with two decimals."""

    def __init__(self, label=None, validators=None, **kwargs):
        bounds = [
            NumberRange(min=0, message=_l("The price cannot be negative.")),
            NumberRange(max=MAX_PRICE, message=AMOUNT_MESSAGE),
        ]
        super().__init__(label, [InputRequired(), *(validators or []), *bounds], places=2, **kwargs)

    def pre_validate(self, form):
        if self.data is not None and not self.data.is_finite():
            raise StopValidation(localized_message(AMOUNT_MESSAGE, max=MAX_PRICE))


def _count(label, low: int, high: int, **kwargs) -> IntegerField:
    message = _l("Please enter a whole number from %(min)s to %(max)s.")
    return IntegerField(
        label, validators=[InputRequired(), NumberRange(low, high, message)], **kwargs
    )


def format_choices():
    return choices(FORMAT)


def basis_choices():
    return choices(PRICE_BASIS)


def home_country() -> str:
    """The office's own country, the likely one of a buyer."""
    return "DK" if current_app.config["OFFICE_CURRENCY"] == "DKK" else "DE"


def country_choices():
    """ISO 3166 countries in the reader's language, the office's neighbours first."""
    names = Locale.parse(str(get_locale() or "en")).territories
    codes = sorted((c for c in names if len(c) == 2 and c.isalpha()), key=lambda c: names[c])
    first = ["DE", "DK", "AT", "CH", "SE", "NO", "NL"]
    return [(c, names.get(c, c)) for c in first + [c for c in codes if c not in first]]


class CourseForm(TranslatedForm, FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Address (short name)"),
        filters=[strip_text],
        validators=[
            DataRequired(),
            Length(max=120),
            Regexp(
                f"^{SLUG}$",
                message=_l("Please use lower-case letters a-z, digits and single hyphens only."),
            ),
        ],
        description=_l("Lower-case letters, digits and hyphens; part of the page address."),
    )
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=2000)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    benefits = TextAreaField(
        _l("What you get"),
        validators=[Optional(), Length(max=5000)],
        description=_l("One point per line."),
    )
    audience = TextAreaField(_l("Who can take part"), validators=[Optional(), Length(max=5000)])
    format = SelectField(_l("Format"), choices=format_choices, default="in_person")
    duration_days = _count(_l("Duration in days"), 1, 30, default=1)
    daily_start = TimeField(_l("Daily start"), default=time(9), validators=[InputRequired()])
    daily_end = TimeField(_l("Daily end"), default=time(16), validators=[InputRequired()])
    price = MoneyField(_l("Price excl. VAT"), description=_l("Per person."))
    price_basis = SelectField(_l("Price applies"), choices=basis_choices, default="course")
    min_participants = _count(_l("Minimum participants"), 1, rules.MAX_CAPACITY, default=18)
    capacity = _count(_l("Capacity"), 1, rules.MAX_CAPACITY, default=24)
    lead_days = _count(
        _l("Registration closes (days before the first day)"), 0, rules.MAX_LEAD_DAYS, default=10
    )
    free_cancellation_days = _count(
        _l("Cancelling is free until (days before the first day)"),
        0,
        rules.MAX_LEAD_DAYS,
        default=10,
    )
    cancellation_fee_percent = _count(
        _l("Fee for a later cancellation (percent of the price)"),
        0,
        100,
        default=100,
        description=_l("A colleague can always take over the seat free of charge."),
    )
    cancellation_terms = TextAreaField(
        _l("Cancellation terms"), validators=[Optional(), Length(max=5000)]
    )
    published = BooleanField(_l("Published"))
    archived = BooleanField(_l("Archived"))

    def validate_min_participants(self, field):
        if self.capacity.data and field.data and field.data > self.capacity.data:
            raise ValidationError(
                _l("The minimum number of participants cannot be above the capacity.")
            )

    def validate_daily_end(self, field):
        if self.daily_start.data and field.data and field.data <= self.daily_start.data:
            raise ValidationError(_l("The end cannot be before the start."))

    def values(self) -> dict:
        names = set(self._fields) - {"csrf_token", *self.translation_names()}
        return {name: self[name].data for name in names} | {"translations": self.translations()}


add_translation_fields(
    CourseForm,
    {
        "title": 200,
        "summary": 2000,
        "description": 20000,
        "benefits": 5000,
        "audience": 5000,
        "cancellation_terms": 5000,
    },
)


class ConfirmMixin:
    """A second step: the form comes back with `confirmed` set after the person saw what it does."""

    confirmed = HiddenField()

    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"

    def unconfirmed(self):
        """The form to show again: a later submission must be confirmed anew."""
        self.confirmed.data = ""
        return self


class RunFormBase(ConfirmMixin, FlaskForm):
    """A course start: its days come first (`first_day`, `day_2` ...), see `run_form_class`."""

    #: names of the day fields, in order
    day_names: tuple[str, ...] = ()

    def day_values(self) -> list:
        return [getattr(self, name).data for name in self.day_names]

    def set_venue_choices(self) -> None:
        """The published venues of the directory, and none (the place in words then)."""
        self.venue_id.choices = [(None, _l("No venue from the directory"))] + venues.venue_choices()

    def values(self) -> dict:
        names = (
            "start_time",
            "end_time",
            "capacity",
            "min_participants",
            "lead_days",
            "venue_id",
            "venue",
            "online_link",
            "published",
        )
        values = {name: getattr(self, name).data for name in names}
        values["venue"], values["online_link"] = values["venue"] or "", values["online_link"] or ""
        return {**values, "days": self.day_values()}


def _day_field(n: int, duration_days: int) -> DateField:
    label = _l("Date") if duration_days == 1 else _l("Day %(n)d", n=n)
    hint = _l("The days need not follow each other.") if n == 1 < duration_days else ""
    return DateField(
        label, validators=[InputRequired(_l("Please enter a date."))], description=hint
    )


def _schedule_fields() -> dict:
    """The run's other fields, made after its day fields so that they follow them."""
    return {
        "start_time": TimeField(_l("Daily start"), validators=[InputRequired()]),
        "end_time": TimeField(_l("Daily end"), validators=[InputRequired()]),
        "capacity": _count(_l("Capacity"), 1, rules.MAX_CAPACITY),
        "min_participants": _count(_l("Minimum participants"), 1, rules.MAX_CAPACITY),
        "lead_days": _count(
            _l("Registration closes (days before the first day)"), 0, rules.MAX_LEAD_DAYS
        ),
        "venue_id": SelectField(
            _l("Venue"),
            coerce=coerce_optional_id,
            validate_choice=True,
            description=_l("A place from the directory of venues, with its address and access."),
        ),
        "venue": StringField(
            _l("Place"),
            validators=[Optional(), Length(max=300)],
            description=_l(
                "The room at the venue, or the place in words where no venue of the directory fits."
            ),  # noqa: E501
        ),
        "online_link": StringField(
            _l("Online link"),
            validators=[Optional(), Length(max=500)],
            description=_l("Shown only to confirmed participants."),
        ),
        "published": BooleanField(
            _l("Published"), description=_l("Publishing tells everyone on the interest list.")
        ),
    }


def run_form_class(duration_days: int) -> type[RunFormBase]:
    """A run form with one date field per day of the course (a Friday and a Monday is fine)."""
    names = ("first_day", *(f"day_{n}" for n in range(2, duration_days + 1)))
    days = {name: _day_field(n, duration_days) for n, name in enumerate(names, start=1)}
    return type("RunForm", (RunFormBase,), {**days, **_schedule_fields(), "day_names": names})


class OverrideForm(ConfirmMixin, FlaskForm):
    action = RadioField(
        _l("Decision"),
        choices=[
            ("hold", _l("Hold the course despite too few participants")),
            ("cancel", _l("Cancel the course start")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class EmailParticipantsForm(ConfirmMixin, FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=10000)])


class PackageForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    price = MoneyField(_l("Package price excl. VAT"))
    courses = MultiCheckboxField(_l("Courses"), coerce=coerce_id, validators=[DataRequired()])
    published = BooleanField(_l("Published"))


class RunFilterForm(FlaskForm):
    """The staff list of course starts: by year, course and status (a GET form)."""

    class Meta:
        csrf = False

    year = SelectField(_l("Year"), choices=[], validate_choice=False)
    course = SelectField(_l("Course"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
