"""Form machinery shared by every domain: the multi-checkbox field, the action form, putting a
service's refusal on a form, and rendering a form page with the right status."""

from urllib.parse import urlparse

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.validators import URL, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from office.core.errors import DomainError


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes for a multiple choice (accessible: one label per box)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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
