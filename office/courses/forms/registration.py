"""Registration forms: a staff member's or a guest's booking, its correction, a substitute,
interest in a course, feedback and a tailor-made request; field-level checks, every field bounded."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Optional,
    ValidationError,
)

from office.core.forms import (
    IntegerField,
    Length,
    NumberRange,
    SubmissionKeyMixin,
)
from office.courses import rules
from office.courses.forms.catalogue import (
    LANGUAGES,
    ConfirmMixin,
    country_choices,
    format_choices,
    home_country,
    strip_text,
)


class PersonMixin:
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])


def _routing_id(form, field):
    if field.data and rules.routing_scheme(field.data.strip().upper()) is None:
        raise ValidationError(
            _l(
                "This is neither a valid Leitweg-ID nor a valid EAN (GLN) number: please check the digits."
            )  # noqa: E501
        )


class BuyerMixin:
    """Who pays: the organisation, its references and its invoice address."""

    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example your municipality or region."),
    )
    department = StringField(_l("Department"), validators=[Optional(), Length(max=200)])
    routing_id = StringField(
        _l("Leitweg-ID or EAN (GLN)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=50), _routing_id],
        description=_l(
            "The electronic invoice address of a public body: a Leitweg-ID (Germany) or a 13-digit EAN number (Denmark)."
        ),  # noqa: E501
    )
    billing_reference = StringField(
        _l("Billing reference"),
        validators=[Optional(), Length(max=100)],
        description=_l("Your order number, cost centre or contact person for the invoice."),
    )
    billing_street = StringField(
        _l("Street and number"), validators=[DataRequired(), Length(max=200)]
    )
    billing_postcode = StringField(_l("Postcode"), validators=[DataRequired(), Length(max=20)])
    billing_city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    billing_country = SelectField(_l("Country"), choices=country_choices, default=home_country)


class NeedsMixin:
    needs = TextAreaField(
        _l("Accessibility or dietary needs"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Optional. Deleted after the course."),
    )


class StaffRegistrationForm(NeedsMixin, FlaskForm):
    pass


class GuestRegistrationForm(PersonMixin, BuyerMixin, NeedsMixin, FlaskForm):
    pass


class CorrectionForm(PersonMixin, BuyerMixin, FlaskForm):
    """Staff correct what a registration says; the invoice address is optional here."""

    billing_street = StringField(_l("Street and number"), validators=[Optional(), Length(max=200)])
    billing_postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    billing_city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    billing_country = SelectField(
        _l("Country"), choices=lambda: [("", "–"), *country_choices()], validate_choice=True
    )

    def values(self) -> dict:
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}


class SubstituteForm(ConfirmMixin, PersonMixin, FlaskForm):
    """The colleague who takes over the seat."""

    department = StringField(
        _l("Department"),
        validators=[Optional(), Length(max=200)],
        description=_l("Leave empty if it stays the same."),
    )
    locale = SelectField(_l("Language of the colleague's emails"), choices=LANGUAGES)


class InterestForm(PersonMixin, FlaskForm):
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    consent = BooleanField(
        _l("You may email me when a new start of this course is published."),
        validators=[DataRequired(_l("Please agree that we may email you."))],
    )


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


class TailorMadeForm(SubmissionKeyMixin, PersonMixin, FlaskForm):
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)])
    participants = IntegerField(
        _l("Number of participants (estimate)"), validators=[Optional(), NumberRange(1, 10000)]
    )
    format = SelectField(_l("Format"), choices=format_choices, default="in_person")
    message = TextAreaField(
        _l("What should the course cover?"), validators=[DataRequired(), Length(max=5000)]
    )
