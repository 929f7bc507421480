"""factory-boy factories bound to the test session."""

from datetime import UTC, datetime

import factory
from factory.alchemy import SQLAlchemyModelFactory

from office.auth.models import User
from office.contacts.models import Organisation
from office.core.models import District, Topic
from office.extensions import db

PASSWORD = "correct horse battery staple"  # noqa: S105


class _Session:
    """Resolve db.session at use time: the `db` fixture swaps it per test."""

    def __getattr__(self, name):
        return getattr(db.session, name)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = _Session()
        # "commit" releases the test's SAVEPOINT: a view that rolls back cannot undo test data
        sqlalchemy_session_persistence = "commit"

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # post-generation hooks (password, roles) change the row after it was saved
        if create:
            db.session.commit()


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Department {n}")
    kind = "department"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    email_confirmed_at = factory.LazyFunction(lambda: datetime.now(UTC))

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.set_roles(extracted or [])


class DistrictFactory(BaseFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")
    population = 10000


class TopicFactory(BaseFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_da = factory.Sequence(lambda n: f"Emne {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
