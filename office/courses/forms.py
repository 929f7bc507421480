"""Course forms: field-level checks; the schedule checks use the same rule as the service."""

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from office.courses import rules


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def format_choices():
    return [
        ("in_person", _l("In person")),
        ("online", _l("Online")),
        ("hybrid", _l("Hybrid")),
    ]


def basis_choices():
    return [("course", _l("per person and course")), ("day", _l("per person and day"))]


class CourseForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Address (short name)"),
        validators=[DataRequired(), Length(max=120)],
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
    duration_days = IntegerField(
        _l("Duration in days"), default=1, validators=[InputRequired(), NumberRange(1, 30)]
    )
    daily_start = TimeField(_l("Daily start"), default=time(9), validators=[InputRequired()])
    daily_end = TimeField(_l("Daily end"), default=time(16), validators=[InputRequired()])
    price = DecimalField(
        _l("Price excl. VAT"), places=2, validators=[InputRequired()], description=_l("Per person.")
    )
    price_basis = SelectField(_l("Price applies"), choices=basis_choices, default="course")
    min_participants = IntegerField(
        _l("Minimum participants"), default=18, validators=[InputRequired(), NumberRange(min=1)]
    )
    capacity = IntegerField(
        _l("Capacity"), default=24, validators=[InputRequired(), NumberRange(min=1, max=1000)]
    )
    lead_days = IntegerField(
        _l("Registration closes (days before the first day)"),
        default=10,
        validators=[InputRequired()],
    )
    cancellation_terms = TextAreaField(
        _l("Cancellation terms"), validators=[Optional(), Length(max=5000)]
    )
    published = BooleanField(_l("Published"))
    archived = BooleanField(_l("Archived"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.price.data is not None and self.price.data < 0:
            self.price.errors.append(_l("The price cannot be negative."))
            ok = False
        if self.lead_days.data is not None and self.lead_days.data < 0:
            self.lead_days.errors.append(_l("The registration deadline cannot be after the start."))
            ok = False
        if (
            self.min_participants.data
            and self.capacity.data
            and self.min_participants.data > self.capacity.data
        ):
            self.min_participants.errors.append(
                _l("The minimum number of participants cannot be above the capacity.")
            )
            ok = False
        if (
            self.daily_start.data
            and self.daily_end.data
            and self.daily_end.data <= self.daily_start.data
        ):
            self.daily_end.errors.append(_l("The end cannot be before the start."))
            ok = False
        return ok


class RunForm(FlaskForm):
    first_day = DateField(_l("First day"), validators=[InputRequired()])
    last_day = DateField(
        _l("Last day"),
        validators=[Optional()],
        description=_l("Leave empty for a course of one day."),
    )
    start_time = TimeField(_l("Daily start"), validators=[InputRequired()])
    end_time = TimeField(_l("Daily end"), validators=[InputRequired()])
    capacity = IntegerField(_l("Capacity"), validators=[InputRequired(), NumberRange(max=1000)])
    min_participants = IntegerField(_l("Minimum participants"), validators=[InputRequired()])
    lead_days = IntegerField(
        _l("Registration closes (days before the first day)"), validators=[InputRequired()]
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    online_link = StringField(
        _l("Online link"),
        validators=[Optional(), Length(max=500)],
        description=_l("Shown only to confirmed participants."),
    )
    published = BooleanField(
        _l("Published"), description=_l("Publishing tells everyone on the interest list.")
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate(self, extra_validators=None) -> bool:
        from office.courses.services.catalogue import SCHEDULE_MESSAGES

        ok = super().validate(extra_validators)
        if not ok:
            return False
        schedule = rules.RunSchedule(
            self.first_day.data,
            self.last_day.data or self.first_day.data,
            self.start_time.data,
            self.end_time.data,
            self.capacity.data,
            self.min_participants.data,
            self.lead_days.data,
        )
        problems = rules.schedule_problems(schedule, self.today)
        if self.today is None:
            problems.pop("first_day", None)
        for name, code in problems.items():
            getattr(self, name).errors.append(SCHEDULE_MESSAGES[code])
        return not problems


class NeedsMixin:
    needs = TextAreaField(
        _l("Accessibility or dietary needs"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Optional. Deleted after the course."),
    )


class StaffRegistrationForm(FlaskForm):
    needs = NeedsMixin.needs


class GuestRegistrationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])
    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example your municipality or region."),
    )
    department = StringField(_l("Department"), validators=[Optional(), Length(max=200)])
    billing_reference = StringField(
        _l("Billing reference"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("EAN/GLN number, Leitweg-ID or cost centre for the invoice."),
    )
    needs = NeedsMixin.needs


class InterestForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    consent = BooleanField(
        _l("You may email me when a new start of this course is published."),
        validators=[DataRequired(_l("Please agree that we may email you."))],
    )


class OverrideForm(FlaskForm):
    action = RadioField(
        _l("Decision"),
        choices=[
            ("hold", _l("Hold the course despite too few participants")),
            ("cancel", _l("Cancel the course start")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class EmailParticipantsForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=10000)])


class FeedbackForm(FlaskForm):
    rating = RadioField(
        _l("How would you rate the course?"),
        choices=[
            ("5", _l("5 - very good")),
            ("4", _l("4 - good")),
            ("3", _l("3 - satisfactory")),
            ("2", _l("2 - poor")),
            ("1", _l("1 - very poor")),
        ],
        validators=[DataRequired()],
    )
    comment = TextAreaField(
        _l("Comment"),
        validators=[Optional(), Length(max=2000)],
        description=_l("We may quote you on the course page, without your name."),
    )


class TailorMadeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)])
    participants = IntegerField(
        _l("Number of participants (estimate)"), validators=[Optional(), NumberRange(1, 10000)]
    )
    format = SelectField(_l("Format"), choices=format_choices, default="in_person")
    message = TextAreaField(
        _l("What should the course cover?"), validators=[DataRequired(), Length(max=5000)]
    )


class PackageForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    price = DecimalField(
        _l("Package price excl. VAT"),
        places=2,
        validators=[
            InputRequired(),
            NumberRange(min=0, message=_l("The price cannot be negative.")),
        ],
    )
    courses = MultiCheckboxField(_l("Courses"), coerce=int, validators=[DataRequired()])
    published = BooleanField(_l("Published"))
