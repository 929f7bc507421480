"""A confirmation step before an action that destroys or mails: a page that says what will
happen, with a button that does it (no script needed)."""

from flask import render_template, request


def confirmation_page(
    title: str, consequence: str, action: str, back: str, button: str, *,
    details=(), danger: bool = False, repost: bool = False,
):  # fmt: skip
    """The page; `repost` sends the submitted form's values again with `confirmed=yes`."""
    fields = []
    if repost:
        fields = [
            (name, value) for name in request.form if name not in ("csrf_token", "confirmed")
            for value in request.form.getlist(name)
        ]  # fmt: skip
    return render_template(
        "courses/manage/confirm.html", title=title, consequence=consequence, action=action,
        back=back, button=button, details=details, danger=danger, fields=fields,
    )  # fmt: skip
