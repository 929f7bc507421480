"""Helpers shared by views that handle forms."""

from flask_wtf import FlaskForm

from office.core.errors import DomainError


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's refusal on the form: on its field when it names one, else on the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*list(field.errors), error.message]
    else:
        form.form_errors.append(error.message)


class ActionForm(FlaskForm):
    """A form with no fields: a CSRF-protected button (logout, confirm, delete ...)."""
