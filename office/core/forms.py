"""Form machinery shared by every domain: the multi-checkbox field, the action form, putting a
service's refusal on a form, and rendering a form page with the right status; and the number and
date fields every form uses, bounded by what the database stores (office/core/bounds.py).

Domain forms import IntegerField, DecimalField, FloatField, DateField and DateTimeLocalField from
here, never from wtforms (tests/core/test_bounds.py): a number beyond its column, NaN, infinity or
a date outside the supported range is a field error, not a database error. They import the
validators Length and NumberRange from here too (tests/core/test_validation_messages.py): their
messages write numbers the reader's way ("höchstens 10.000 Zeichen", "at most 10,000").
"""

import math
import uuid
from urllib.parse import urlparse

from flask import render_template, request
from flask_babel import format_date, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, fields, validators
from wtforms.validators import URL, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from office.core import bounds
from office.core.errors import DomainError
from office.core.formatting import formatted
from office.core.page_cache import made_per_render


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes for a multiple choice (accessible: one label per box)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value):
        # no boxes ticked (or a body without form fields) is an empty list, never None
        super().process_data(value)
        if self.data is None:
            self.data = []


class LenientMultiCheckboxField(MultiCheckboxField):
    """Checkboxes whose unknown values the service refuses with its own message on the field."""

    def pre_validate(self, form):
        pass


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's refusal on the form: on its field when it names one, else on the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*list(field.errors), error.message]
    else:
        form.form_errors.append(error.message)


def render_form(template: str, form: FlaskForm, **context):
    """A form page: 422 when a submitted form is shown again with errors, else 200."""
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template(template, form=form, **context), status


class ActionForm(FlaskForm):
    """A form with no fields: a CSRF-protected button (logout, confirm, delete ...)."""


class WebAddress(URL):
    """An http(s) address: other schemes (javascript:, data:, file:) are refused."""

    def __init__(self):
        super().__init__(require_tld=True, message=_l("Please give a web address."))

    def __call__(self, form, field):
        super().__call__(form, field)
        if urlparse(field.data or "").scheme.lower() not in ("http", "https"):
            raise ValidationError(self.message)


def link_button_pressed() -> bool:
    """Whether the button of a link's confirmation page was pressed (a CSRF-checked POST).

    A link from a mail that changes something shows a page with a button on GET; only the
    button acts (mail scanners and link previews open links and must confirm nothing)."""
    return ActionForm().validate_on_submit()


def confirm_link_page(title: str, text: str, button: str):
    """The page a confirmation link opens: what it does, and the button that does it."""
    return render_template(
        "core/confirm_link.html", title=title, text=text, button=button, form=ActionForm()
    )


# --- validators whose messages write numbers the reader's way ----------------------------------


def _number(value) -> str:
    return formatted("number", value) if value is not None else ""


def localized_message(message, **numbers) -> str:
    """A message with its numbers (`%(max)s` ...) formatted for the reader (10.000 / 10,000)."""
    return str(message) % {name: _number(value) for name, value in numbers.items()}


class Length(validators.Length):
    """A text length check whose message writes its numbers the reader's way."""

    def __call__(self, form, field):
        length = len(field.data) if field.data else 0
        if length >= self.min and (self.max == -1 or length <= self.max):
            return
        # the translations' own ngettext: Flask-Babel's would put the bare number in %(num)s
        translations = get_translations()
        if self.message is not None:
            message, num = self.message, None
        elif self.max == -1:
            message, num = (
                translations.ngettext(
                    "Please write at least %(num)s character.",
                    "Please write at least %(num)s characters.",
                    self.min,
                ),
                self.min,
            )
        elif self.min == -1:
            message, num = (
                translations.ngettext(
                    "Please write at most %(num)s character.",
                    "Please write at most %(num)s characters.",
                    self.max,
                ),
                self.max,
            )
        else:
            message, num = _("Please write from %(min)s to %(max)s characters."), None
        raise ValidationError(
            localized_message(message, min=self.min, max=self.max, length=length, num=num)
        )


class NumberRange(validators.NumberRange):
    """A number range check whose message writes its numbers the reader's way."""

    def __call__(self, form, field):
        data = field.data
        if (
            data is not None
            and not math.isnan(data)
            and (self.min is None or data >= self.min)
            and (self.max is None or data <= self.max)
        ):
            return
        if self.message is not None:
            message = self.message
        elif self.max is None:
            message = _("Please enter a number of at least %(min)s.")
        elif self.min is None:
            message = _("Please enter a number of at most %(max)s.")
        else:
            message = _("Please enter a number from %(min)s to %(max)s.")
        raise ValidationError(localized_message(message, min=self.min, max=self.max))


# --- bounded number and date fields -----------------------------------------------------------


def _number_message(low, high):
    return localized_message(_("Please enter a number from %(min)s to %(max)s."), min=low, max=high)


class _Bounded:
    """Mixin: after parsing, a value outside `self.bounds` is refused like an unparsable one."""

    bounds: tuple

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not self._in_bounds(self.data):
            self.data = None
            raise ValueError(self._bounds_message())

    def _in_bounds(self, value) -> bool:
        return bounds.within(value, self.bounds)

    def _bounds_message(self):
        return _number_message(*self.bounds)


class IntegerField(_Bounded, fields.IntegerField):
    """A whole number within its column's range (`column=Model.attribute`, default Integer)."""

    def __init__(self, *args, column=None, **kwargs):
        self.bounds = bounds.numeric_bounds(column.type) if column is not None else bounds.INTEGER
        super().__init__(*args, **kwargs)


class DecimalField(_Bounded, fields.DecimalField):
    """A finite decimal number within its column's range (default Numeric(10, 2))."""

    def __init__(self, *args, column=None, **kwargs):
        self.bounds = bounds.numeric_bounds(column.type) if column is not None else bounds.AMOUNT
        super().__init__(*args, **kwargs)


class FloatField(_Bounded, fields.FloatField):
    """A finite number (no NaN, no infinity) within the float bound."""

    bounds = (-bounds.FLOAT_LIMIT, bounds.FLOAT_LIMIT)


class _BoundedDate(_Bounded):
    bounds = (bounds.FIRST_DAY, bounds.LAST_DAY)

    def _in_bounds(self, value) -> bool:
        day = value.date() if hasattr(value, "date") else value
        return bounds.within(day, self.bounds)

    def _bounds_message(self):
        return _l(
            "Please enter a date from %(first)s to %(last)s.",
            first=format_date(bounds.FIRST_DAY),
            last=format_date(bounds.LAST_DAY),
        )


class DateField(_BoundedDate, fields.DateField):
    """A date within the supported range (office/core/bounds.py)."""


class DateTimeLocalField(_BoundedDate, fields.DateTimeLocalField):
    """A local date and time whose day lies within the supported range."""


def coerce_optional_id(value) -> int | None:
    """A select's chosen id, or None for its "none of these" choice."""
    if value in (None, "", "None"):
        return None
    return coerce_id(value)


def coerce_id(value) -> int:
    """`coerce` for choice fields of row ids: a number beyond the Integer column is no choice."""
    if not isinstance(value, int | str):
        raise TypeError(value)
    parsed = value if isinstance(value, int) else bounds.parse_int(value)
    if parsed is None:
        raise ValueError(value)
    return parsed


def _submission_key() -> str:
    """A new key, made for this render only: the page showing it is never kept (page_cache)."""
    made_per_render()
    return uuid.uuid4().hex


class SubmissionKeyMixin:
    """A public form's one-time key, made when the form is shown (see `perform_once`)."""

    submission_key = HiddenField(
        default=_submission_key,
        validators=[Optional(), Length(max=64), Regexp(r"^[A-Za-z0-9_-]*$")],
    )
