from datetime import UTC, date, datetime

import factory

from office.governance.models import BoardMember, BoardTerm, RulesVersion
from office.requests.models import HelpRequest
from tests.factories import BaseFactory, UserFactory


class HelpRequestFactory(BaseFactory):
    class Meta:
        model = HelpRequest

    type = "process_help"
    status = "submitted"
    title = factory.Sequence(lambda n: f"Request {n}")
    description = "We need help."
    requester = factory.SubFactory(UserFactory, roles=["department_staff"])
    requester_name = factory.LazyAttribute(lambda o: o.requester.name)
    requester_email = factory.LazyAttribute(lambda o: o.requester.email)
    email_confirmed_at = factory.LazyFunction(
        lambda: __import__("office.core.clock").core.clock.utcnow()
    )
    #: the next deadline; the first-response clock runs until then
    due_at = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    first_response_due_at = factory.LazyAttribute(lambda o: o.due_at)
    locale = "en"


class BoardMemberFactory(BaseFactory):
    class Meta:
        model = BoardMember

    name = factory.Sequence(lambda n: f"Member {n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    user = factory.SubFactory(UserFactory, roles=["board_member"])

    @factory.post_generation
    def term(obj, create, extracted, **kwargs):
        starts, ends = extracted or (date(2025, 1, 1), None)
        obj.terms.append(
            BoardTerm(
                seat_group=kwargs.get("group", "citizens"),
                function=kwargs.get("function", "member"),
                starts_on=starts,
                ends_on=ends,
            )  # fmt: skip
        )


class RulesVersionFactory(BaseFactory):
    class Meta:
        model = RulesVersion

    version = factory.Sequence(lambda n: n + 1)
    title = "Rules"
    body = "# Rules"
    effective_from = date(2025, 1, 1)
