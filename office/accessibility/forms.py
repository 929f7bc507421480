from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional

from office.core.forms import Length


class FeedbackForm(FlaskForm):
    """A barrier someone met, or a request for content in an accessible form."""

    message = TextAreaField(
        _l("What is hard to use, or what do you need in another form?"),
        validators=[DataRequired(_l("Please describe the barrier.")), Length(max=5000)],
    )
    page = StringField(_l("Page (optional)"), validators=[Optional(), Length(max=500)])
    email = EmailField(
        _l("Your email address, if you want an answer"),
        validators=[Optional(), Email(_l("Please give a valid email address.")), Length(max=254)],
    )
