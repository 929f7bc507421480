import factory

from office.contacts.models import Interaction, Membership, Person
from tests.factories import BaseFactory, OrganisationFactory


class PersonFactory(BaseFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    notes = ""
    search_text = factory.LazyAttribute(
        lambda p: f"{p.first_name} {p.last_name} {p.email or ''}".lower()
    )


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Referent:in"
    participation_contact = False


class InteractionFactory(BaseFactory):
    class Meta:
        model = Interaction

    person = factory.SubFactory(PersonFactory)
    kind = "call"
    occurred_on = factory.Faker("date_this_year")
    summary = "Telefonat zur Werkstatt"
