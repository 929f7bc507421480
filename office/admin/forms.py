"""The forms of user administration: invite a person, change an account's roles."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email

from office.auth.labels import role_choices
from office.config import LOCALES
from office.core.forms import Length, MultiCheckboxField
from office.core.i18n import LANGUAGE_NAMES


class InviteForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])
    locale = SelectField(
        _l("Language of the invitation"), choices=[(code, LANGUAGE_NAMES[code]) for code in LOCALES]
    )
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices, validators=[DataRequired()])


class UserEditForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices)
    active = BooleanField(_l("Account active"))
