"""Forms for help requests: one form per type, asking only what the type needs."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional

from office.core.forms import (
    DateField,
    DecimalField,
    IntegerField,
    Length,
    NumberRange,
    SubmissionKeyMixin,
)
from office.requests.rules import STATUSES


class RequestFormBase(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(), Length(max=200)],
        description=_l("A few words on what you need."),
    )
    description = TextAreaField(_l("Description"), validators=[InputRequired(), Length(max=10000)])


class ContactMixin:
    name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=200)])
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(), Email(), Length(max=320)],
        description=_l("We send you a link to confirm the address; then your request counts."),
    )
    organisation = StringField(
        _l("Organisation or initiative"), validators=[Optional(), Length(max=200)]
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])


class AttachmentMixin:
    attachments = MultipleFileField(
        _l("Attachments"),
        description=_l("Optional: up to 5 PDF documents or images (PNG, JPEG, WebP), 5 MB each."),
    )


HELP_KINDS = [
    ("plan", _l("Plan a participation process")),
    ("method", _l("Choose a method")),
    ("contacts", _l("Find contacts")),
]
SUPPORT_KINDS = [
    ("contact", _l("A contact person in the administration")),
    ("training", _l("Training")),
    ("room", _l("A room")),
    ("grant", _l("A small grant")),
]


class ProcessHelpFields:
    help_kind = SelectField(_l("What kind of help do you need?"), choices=HELP_KINDS)
    topic_area = StringField(
        _l("Subject of the process"), validators=[InputRequired(), Length(max=200)]
    )
    planned_start = DateField(_l("Planned start"), validators=[Optional()])


class InitiativeSupportFields:
    support_kind = SelectField(_l("What support do you need?"), choices=SUPPORT_KINDS)
    initiative_name = StringField(
        _l("Name of the initiative"), validators=[InputRequired(), Length(max=200)]
    )
    amount = DecimalField(
        _l("Amount requested (small grant)"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=100000)],
    )


class CourseFields:
    audience = StringField(
        _l("Who is the course for?"), validators=[InputRequired(), Length(max=200)]
    )
    participants = IntegerField(
        _l("Expected participants"), validators=[Optional(), NumberRange(min=1, max=500)]
    )
    preferred_dates = StringField(_l("Preferred dates"), validators=[Optional(), Length(max=200)])


class NewProcessFields:
    topic_area = StringField(
        _l("Subject of the process"), validators=[InputRequired(), Length(max=200)]
    )
    affected_area = StringField(
        _l("District or area concerned"), validators=[Optional(), Length(max=200)]
    )
    planned_start = DateField(_l("Desired start"), validators=[Optional()])


TYPE_FIELDS = {
    "process_help": ProcessHelpFields,
    "initiative_support": InitiativeSupportFields,
    "tailor_made_course": CourseFields,
    "new_process": NewProcessFields,
    "other": object,
}


def request_form_class(type_: str, public: bool):
    """The form for one type; the public also give their contact data."""
    bases = [RequestFormBase]
    if TYPE_FIELDS[type_] is not object:
        bases.insert(0, TYPE_FIELDS[type_])
    if public:
        bases.insert(0, ContactMixin)
        bases.insert(0, SubmissionKeyMixin)
    bases.append(AttachmentMixin)
    return type(f"RequestForm_{type_}", tuple(bases), {})


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[InputRequired(), Length(max=10000)])


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("What is not solved?"), validators=[InputRequired(), Length(max=10000)]
    )


RATINGS = [
    ("5", _l("5 – very good")),
    ("4", _l("4 – good")),
    ("3", _l("3 – fair")),
    ("2", _l("2 – poor")),
    ("1", _l("1 – very poor")),
]


class RatingForm(FlaskForm):
    rating = RadioField(_l("How was our answer?"), choices=RATINGS, validators=[InputRequired()])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=5000)])


class TransitionForm(FlaskForm):
    target = SelectField(_l("New status"), choices=[])
    assignee = SelectField(_l("Assigned to"), choices=[], validators=[Optional()])
    reason = TextAreaField(_l("Reason (when declining)"), validators=[Optional(), Length(max=5000)])
    organisation = SelectField(
        _l("Department (when referring)"), choices=[], validators=[Optional()]
    )
    person = SelectField(_l("Contact person (when referring)"), choices=[], validators=[Optional()])
    outcome = TextAreaField(_l("Outcome (when done)"), validators=[Optional(), Length(max=5000)])
    lessons = TextAreaField(_l("Lessons learned"), validators=[Optional(), Length(max=5000)])
    note = TextAreaField(_l("Note for the requester"), validators=[Optional(), Length(max=5000)])


class ForwardForm(FlaskForm):
    procedure = SelectField(
        _l("How does the board decide?"),
        choices=[("written", _l("Written procedure")), ("meeting", _l("In a meeting"))],
    )
    meeting = SelectField(lazy_pgettext("board", "Meeting"), choices=[], validators=[Optional()])
    deadline = DateField(
        _l("Deadline of the written procedure"),
        validators=[Optional()],
        description=_l("Votes are accepted until the end of this day."),
    )
    public = SelectField(
        _l("Visibility in the decisions register"),
        choices=[("1", _l("Public item")), ("0", _l("Closed item"))],
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])


class HolidayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])


STATUS_FILTER = ["open", "all", *STATUSES]


def detail_labels() -> dict:
    """Field name -> label of every type-specific question."""
    labels = {}
    for fields in TYPE_FIELDS.values():
        for name, unbound in vars(fields).items():
            if hasattr(unbound, "field_class"):
                labels[name] = unbound.args[0] if unbound.args else name
    return labels


CHOICE_LABELS = {"help_kind": dict(HELP_KINDS), "support_kind": dict(SUPPORT_KINDS)}
