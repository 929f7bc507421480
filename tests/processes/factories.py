from datetime import date

import factory

from office.processes.models import MinorityStatement, Phase, Process, Recommendation
from tests.factories import BaseFactory


class ProcessFactory(BaseFactory):
    class Meta:
        model = Process

    title = factory.Sequence(lambda n: f"Beteiligung {n}")
    summary = "Worum es geht"
    status = "planned"
    level = "consult"
    is_public = True
    council_reference = ""


class PhaseFactory(BaseFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    title = "Werkstatt"
    starts_on = date(2026, 5, 4)
    ends_on = date(2026, 5, 4)


class RecommendationFactory(BaseFactory):
    class Meta:
        model = Recommendation

    process = factory.SubFactory(ProcessFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Empfehlung {n}")
    text = "Die Stadt soll ..."
    #: most tests are about the follow-up of final recommendations
    stage = "final"
    answer = "pending"
    answer_rationale = ""
    answer_committee = ""
    implementation = "open"
    progress = 0


class MinorityStatementFactory(BaseFactory):
    class Meta:
        model = MinorityStatement

    recommendation = factory.SubFactory(RecommendationFactory)
    text = "Wir sehen das anders."
    supporters = 3
