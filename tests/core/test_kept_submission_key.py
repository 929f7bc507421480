"""A kept page never hands one visitor's submission key to another (office.core.page_cache).

A public form's submission key is made per render and stores a submission once (perform_once):
were a page showing one kept, the second visitor's submission would be dropped as a repeat."""

import re
import uuid

from flask import render_template_string
from flask_wtf import FlaskForm

from office.core.forms import SubmissionKeyMixin
from office.core.page_cache import kept

KEY = re.compile(r'name="submission_key" type="hidden" value="([0-9a-f]+)"')


class _KeyedForm(SubmissionKeyMixin, FlaskForm):
    pass


@kept
def _page_with_a_form():
    return render_template_string("<form>{{ form.submission_key }}</form>", form=_KeyedForm())


@kept
def _page_with_a_random_value():
    return f"<p>{uuid.uuid4().hex}</p>"


def _visit(app, view) -> str:
    """One anonymous visitor's GET of `view` at the same address."""
    with app.test_request_context(f"/kept-test/{view.__name__}"):
        return view().get_data(as_text=True)


def test_two_visitors_of_a_kept_page_with_a_form_get_different_keys(app, db):
    first, second = (KEY.findall(_visit(app, _page_with_a_form)) for _ in range(2))
    assert first and second and first != second


def test_a_page_without_a_per_render_value_is_kept(app, db):
    # the control: the same address is answered from the store, the same value for both
    assert _visit(app, _page_with_a_random_value) == _visit(app, _page_with_a_random_value)
