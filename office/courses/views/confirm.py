"""A confirmation step before an action that destroys or mails: a page that says what will
happen, with a button that does it (no script needed)."""

from dataclasses import dataclass

from flask import render_template, request


@dataclass(frozen=True)
class Step:
    """What the page says: the action, its consequence, the button, and the way back."""

    title: str
    consequence: str
    back: str
    button: str = ""
    details: tuple = ()
    danger: bool = False
    #: send the submitted form's values again (a form in two steps), with `confirmed=yes`
    repost: bool = False


def _fields() -> list[tuple[str, str]]:
    return [
        (name, value)
        for name in request.form
        if name not in ("csrf_token", "confirmed")
        for value in request.form.getlist(name)
    ]


def confirmation_page(step: Step):
    """The page; its button posts to the same address as the request."""
    return render_template(
        "courses/manage/confirm.html",
        step=step,
        action=request.path,
        fields=_fields() if step.repost else [],
    )
