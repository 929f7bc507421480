from datetime import UTC, datetime

import factory

from office.sortition.models import Assembly
from tests.factories import BaseFactory


class AssemblyFactory(BaseFactory):
    class Meta:
        model = Assembly

    title = factory.Sequence(lambda n: f"Citizens' assembly {n}")
    slug = factory.Sequence(lambda n: f"assembly-{n}")
    panel_size = 4
    reserve_size = 2
    household_rule = True
    #: fixed, so the pseudonyms and with them the draws of the tests are the same every time
    pseudonym_key = "0" * 64


#: 12 respondents; P09 and P10 share a household
POOL_CSV = "id,name,contact,household,gender,age\n" + "".join(
    f"P{i:02d},Person {i},p{i}@example.org,{'h9' if i in (9, 10) else f'h{i}'},"
    f"{'f' if i % 2 else 'm'},{'young' if i % 3 == 0 else 'old'}\n"
    for i in range(1, 13)
)

QUOTAS = [
    {"feature": "gender", "category": "f", "minimum": 2, "maximum": 2, "population_share": 0.5},
    {"feature": "gender", "category": "m", "minimum": 2, "maximum": 2, "population_share": 0.5},
    {"feature": "age", "category": "young", "minimum": 1, "maximum": 2, "population_share": 0.3},
    {"feature": "age", "category": "old", "minimum": 2, "maximum": 3, "population_share": 0.7},
]


#: the register extract the 12 respondents were invited from
REGISTER_CSV = "id,name,address,postcode,household,stratum\n" + "".join(
    f"P{i:02d},Person {i},Street {i},34117,{'h9' if i in (9, 10) else f'h{i}'},"
    f"{'north' if i <= 6 else 'south'}\n"
    for i in range(1, 13)
)


def invited_assembly(**attrs):
    """An assembly whose register extract (P01-P12) has been drawn from: everyone invited."""
    from office.sortition.services import invitations

    assembly = AssemblyFactory(**attrs)
    invitations.import_register(assembly, REGISTER_CSV.encode())
    invitations.draw_invitations(assembly, 12, "register seed", False, NOW)
    return assembly


def assembly_with_pool(**attrs):
    from office.sortition.services import pool as respondent_pool

    assembly = invited_assembly(**attrs)
    respondent_pool.import_pool(assembly, POOL_CSV.encode())
    respondent_pool.save_quotas(assembly, QUOTAS)
    return assembly


NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SEED_SOURCE = "Lotto 6 aus 49 of Saturday 21 November 2026, the six numbers in the order drawn"


def computed_run(assembly, algorithm="leximin", reason=""):
    """An attempt computed as the worker computes it (distribution stored, files prepared)."""
    from office.sortition.selection import engine
    from office.sortition.services import pool as respondent_pool
    from office.sortition.services import publication, runs

    run = runs.start_run(assembly, algorithm, reason, None, NOW)
    pool = respondent_pool.rule_pool(assembly)
    computed = engine.compute(
        pool,
        respondent_pool.rule_quotas(assembly),
        assembly.panel_size,
        algorithm=algorithm,
        household_rule=assembly.household_rule,
    )
    publication.store_computed(run, computed, pool, NOW)
    return run


def drawn_run(assembly, seed="published seed", **options):
    """An attempt computed, committed and drawn with `seed`."""
    from office.sortition.services import publication

    run = computed_run(assembly, **options)
    publication.publish_commitment(run, SEED_SOURCE, None, NOW)
    publication.enter_seed(run, seed, None, NOW)
    return run
