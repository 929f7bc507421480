"""Several representatives per initiative: invitations and removal. They never commit."""

from flask_babel import lazy_gettext as _l

from office.auth import interface as accounts
from office.auth.models import User
from office.core.audit import record
from office.core.errors import DomainError, NotFound
from office.core.links import absolute_url
from office.core.outbox import queue_mail
from office.core.rules import normalise_email
from office.directory.models import Initiative, Representative
from office.extensions import db


def invite_representative(actor, initiative: Initiative, email: str, name: str) -> User:
    """Add a co-representative: an existing account at once, else an invitation to join."""
    email = normalise_email(email)
    if any(rep.user.email == email for rep in initiative.representatives):
        raise DomainError(_l("This person represents the initiative already."), field="email")
    user = accounts.account_with(email)
    if user is None:
        user = accounts.invite(actor, email, name, {"initiative_rep"})
    else:
        give_representative_role(user)
        queue_mail(
            user.email,
            _l("You now represent %(name)s", name=initiative.name),
            "directory/co_representative",
            locale=user.locale,
            user=user,
            inviter=actor,
            initiative=initiative,
            link=absolute_url("directory.mine"),
        )
    initiative.representatives.append(Representative(user=user))
    record("directory.representative_invited", initiative, actor, user_id=user.id)
    db.session.flush()
    return user


def give_representative_role(user: User) -> None:
    """The account gets the representative's role, besides the roles it has."""
    if not user.has_role("initiative_rep"):
        user.set_roles(user.role_names | {"initiative_rep"})


def _representative(reps: list, user_id: int):
    """The representative with this account; `NotFound` when there is none."""
    target = next((r for r in reps if r.user_id == user_id), None)
    if target is None:
        raise NotFound()
    return target


def remove_representative(actor, initiative: Initiative, user_id: int) -> None:
    reps = initiative.representatives
    target = _representative(reps, user_id)
    if len(reps) == 1:
        raise DomainError(_l("An initiative needs at least one representative."))
    reps.remove(target)
    record("directory.representative_removed", initiative, actor, user_id=user_id)
