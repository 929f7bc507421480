"""One owner of the commit: a view runs one operation through `perform`, which commits once.

    if form.validate_on_submit() and perform(catalogue.save_course, course, form=form):
        flash(_("The course is saved."), "success")
        return redirect(url_for("courses.manage"))
    return render_form("courses/manage/course_form.html", form, course=course)

A refusal (`DomainError`) rolls the transaction back and lands on the form (or, without a form,
in a flashed message); any other error rolls back and propagates to the error handlers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from office.core.errors import DomainError
from office.core.forms import show_domain_error
from office.core.models import SubmissionKey
from office.extensions import db

#: what a uniqueness conflict at commit (two people saving at once) tells the user
CONFLICT = _l("Someone else has just saved the same entry. Please check and try again.")


@dataclass(frozen=True)
class Outcome:
    """What one performed operation gave: true when it was committed."""

    done: bool
    value: Any = None
    error: DomainError | None = None
    #: the same submission (by its key) was stored before; nothing was done now
    repeated: bool = False

    def __bool__(self) -> bool:
        return self.done


def perform(
    operation: Callable,
    /,
    *args,
    form: FlaskForm | None = None,
    conflict: DomainError | None = None,
    **kwargs,
) -> Outcome:
    """Run `operation(*args, **kwargs)` and commit; on a refusal roll back and report it."""
    try:
        value = operation(*args, **kwargs)
        db.session.commit()
    except DomainError as error:
        return _refused(error, form)
    except IntegrityError:
        return _refused(conflict or DomainError(CONFLICT), form)
    except BaseException:
        db.session.rollback()
        raise
    return Outcome(True, value)


def _refused(error: DomainError, form: FlaskForm | None) -> Outcome:
    db.session.rollback()
    if form is not None:
        show_domain_error(form, error)
    else:
        flash(str(error.message), "error")
    return Outcome(False, error=error)


def _seen(key: str) -> bool:
    return db.session.get(SubmissionKey, key) is not None


def perform_once(key: str | None, operation: Callable, /, *args, form=None, **kwargs) -> Outcome:
    """`perform` for a public form with a one-time key: the key is stored with the change, so
    a submission sent again (a retry after a 503, a double click) stores nothing twice and
    answers `repeated`."""
    if key and _seen(key):
        db.session.rollback()
        return Outcome(True, repeated=True)
    try:
        value = operation(*args, **kwargs)
        if key:
            db.session.add(SubmissionKey(key=key))
        db.session.commit()
    except DomainError as error:
        return _refused(error, form)
    except IntegrityError:
        db.session.rollback()
        if key and _seen(key):  # the same submission, at the same moment
            return Outcome(True, repeated=True)
        return _refused(DomainError(CONFLICT), form)
    except BaseException:
        db.session.rollback()
        raise
    return Outcome(True, value)
