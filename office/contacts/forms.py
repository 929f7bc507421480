from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional

from office.contacts.labels import CHANNEL_LABELS, INTERACTION_LABELS, KIND_LABELS
from office.core.forms import (
    DateField,
    IntegerField,
    Length,
    MultiCheckboxField,
    NumberRange,
    coerce_id,
    coerce_optional_id,
)


class PersonForm(FlaskForm):
    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("Email address"), validators=[Optional(), Email(), Length(max=320)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    organisation = SelectField(
        _l("Main organisation"), coerce=coerce_optional_id, validators=[Optional()]
    )
    tags = StringField(
        _l("Tags"), description=_l("Separated by commas."), validators=[Length(max=500)]
    )
    expertise = StringField(
        _l("Areas of expertise"),
        description=_l("Separated by commas."),
        validators=[Length(max=500)],
    )
    districts = MultiCheckboxField(_l("Districts"), coerce=coerce_id)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()))
    short_name = StringField(_l("Short name"), validators=[Length(max=60)])
    email = EmailField(_l("Email address"), validators=[Optional(), Email(), Length(max=320)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    website = StringField(_l("Website"), validators=[Length(max=300)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])


class MembershipForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=coerce_id)
    role = StringField(_l("Role"), validators=[Length(max=120)])
    participation_contact = BooleanField(_l("Contact person for participation"))


class InteractionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(INTERACTION_LABELS.items()))
    occurred_on = DateField(_l("Date"), validators=[DataRequired()])
    summary = TextAreaField(_l("What was it about?"), validators=[DataRequired(), Length(max=5000)])


class ConsentForm(FlaskForm):
    purpose = StringField(
        _l("Purpose"),
        description=_l("For example: newsletter, invitations to workshops."),
        validators=[DataRequired(), Length(max=200)],
    )
    text_version = StringField(
        _l("Version of the consent text"), validators=[DataRequired(), Length(max=60)]
    )
    channel = SelectField(_l("Given via"), choices=list(CHANNEL_LABELS.items()))


class WithdrawForm(FlaskForm):
    channel = SelectField(_l("Withdrawn via"), choices=list(CHANNEL_LABELS.items()))


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        description=_l(
            "UTF-8, separated by commas or semicolons. Columns: first_name, last_name, email; optional: phone, organisation, role, tags, expertise, districts."
        ),
        validators=[FileRequired(message=_l("Choose a file."))],
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


class MergeForm(FlaskForm):
    keep = HiddenField(validators=[DataRequired()])
    drop = HiddenField(validators=[DataRequired()])


class EraseForm(FlaskForm):
    confirm = StringField(
        _l("Type ERASE to confirm"),
        validators=[DataRequired()],
    )

    def confirmed(self) -> bool:
        """Whether the word was typed (in English or the user's language); else an error."""
        if self.confirm.data.strip().upper() in ("ERASE", _("ERASE")):
            return True
        self.confirm.errors = [_("Type ERASE to confirm.")]
        return False


class RetentionForm(FlaskForm):
    class Meta:
        csrf = False

    years = IntegerField(
        _l("Without activity for at least (years)"),
        validators=[Optional(), NumberRange(min=1, max=30)],
    )
