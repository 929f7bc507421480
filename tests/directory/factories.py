import factory

from office.core.clock import utcnow
from office.directory.models import Initiative, Representative
from office.extensions import db
from tests.factories import BaseFactory, UserFactory


class InitiativeFactory(BaseFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Initiative {n}")
    short_description = "Neighbours working together."
    status = "published"
    submitted_at = factory.LazyFunction(utcnow)

    @factory.post_generation
    def reps(obj, create, extracted, **kwargs):
        for user in extracted or []:
            obj.representatives.append(Representative(user=user))


def rep_of(initiative, **attrs):
    """A new initiative_rep user who represents `initiative`."""
    user = UserFactory(roles=["initiative_rep"], **attrs)
    initiative.representatives.append(Representative(user=user))
    db.session.flush()
    return user
