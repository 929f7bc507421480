from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo

from office.config import LOCALES
from office.core.forms import Length
from office.core.i18n import LANGUAGE_NAMES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=256)],
        description=_l("At least 12 characters. A sentence you can remember works well."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=320)])


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[(code, LANGUAGE_NAMES[code]) for code in LOCALES])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l(
            "The 6-digit code from your authenticator app, or one of your recovery codes."
        ),
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none"},
    )


class EmailChangeForm(FlaskForm):
    email = EmailField(
        _l("New email address"), validators=[DataRequired(), Email(), Length(max=320)]
    )
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=256)])


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
