"""Forms of the initiative directory: field-level checks only."""

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Optional

from office.core.forms import IntegerField, Length, LenientMultiCheckboxField, WebAddress, coerce_id
from office.core.translations import TranslatedForm, add_translation_fields
from office.directory.rules import LANGUAGE_CODES
from office.venues import interface as venues


def language_choices() -> list[tuple[str, str]]:
    locale = Locale.parse(str(get_locale()))
    names = [(code, locale.languages.get(code, code)) for code in LANGUAGE_CODES]
    return sorted(names, key=lambda c: c[1].lower())


class InitiativeForm(TranslatedForm, FlaskForm):
    name = StringField(_l("Name of the initiative"), validators=[DataRequired(), Length(max=200)])
    short_description = StringField(
        _l("Short description"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("One or two sentences shown in the directory list."),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What you do, who can join, what you are looking for."),
    )
    districts = LenientMultiCheckboxField(_l("Districts"), coerce=coerce_id)
    topics = LenientMultiCheckboxField(_l("Topics"), coerce=coerce_id)
    languages = LenientMultiCheckboxField(_l("Languages spoken at meetings"))
    meeting_place = StringField(_l("Meeting place"), validators=[Optional(), Length(max=300)])
    venue = SelectField(
        _l("Venue"),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validate_choice=True,
        description=_l("Where you meet, if the place is in the directory of venues."),
    )
    meeting_times = StringField(
        _l("Meeting times"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: every second Tuesday, 7 pm"),
    )
    accessibility = TextAreaField(
        _l("Accessibility of the meeting place"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Step-free access, accessible toilet, hearing loop, quiet room ..."),
    )
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            WebAddress(),
            Length(max=500),
        ],
    )
    contact_email = EmailField(
        _l("Public contact email"),
        validators=[Optional(), Email(), Length(max=320)],
        description=_l("Shown in the directory. Leave empty if you do not want to be contacted."),
    )
    founded_year = IntegerField(_l("Founded in (year)"), validators=[Optional()])
    logo = FileField(
        _l("Logo"),
        description=_l("Optional. PNG, JPEG or WebP, at most 2 MB."),
    )

    def set_choices(self, districts, topics) -> None:
        self.venue.choices = [(None, _l("No venue from the directory"))] + venues.venue_choices()
        self.districts.choices = [(d.id, d.name) for d in districts]
        self.topics.choices = [(t.id, t.name) for t in topics]
        self.languages.choices = language_choices()


add_translation_fields(
    InitiativeForm,
    {"short_description": 300, "description": 5000, "meeting_times": 300, "accessibility": 1000},
)


class EditInitiativeForm(InitiativeForm):
    remove_logo = BooleanField(_l("Remove the current logo"))


class RegistrationForm(InitiativeForm):
    rep_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Your email address"),
        validators=[DataRequired(), Email(), Length(max=320)],
        description=_l("Your login. We send a confirmation link to this address."),
    )
    password = PasswordField(
        _l("Choose a password"),
        validators=[DataRequired(), Length(max=256)],
        description=_l("At least 12 characters. A sentence you can remember works well."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    consent = BooleanField(
        _l("I agree that the office stores my details to run the directory."),
        validators=[DataRequired(message=_l("Please agree to continue."))],
    )


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    district = SelectField(_l("District"), validators=[Optional()], coerce=str)
    topic = SelectField(_l("Topic"), validators=[Optional()], coerce=str)
    language = SelectField(_l("Language"), validators=[Optional()], coerce=str)

    def set_choices(self, districts, topics) -> None:
        everything = [("", _l("All"))]
        self.district.choices = everything + [(d.slug, d.name) for d in districts]
        self.topic.choices = everything + [(t.slug, t.name) for t in topics]
        self.language.choices = everything + language_choices()


class ModerationForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            ("publish", _l("Publish")),
            ("request_changes", _l("Ask for changes")),
            ("reject", _l("Reject")),
            ("archive", _l("Archive")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason for the initiative"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Sent by email. Required unless you publish."),
    )


class ChangesForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("accept", _l("Publish the changes")), ("decline", _l("Decline the changes"))],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason for the initiative"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Sent by email. Required when you decline."),
    )


class InviteForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])
