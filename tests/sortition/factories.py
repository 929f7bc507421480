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


def assembly_with_pool(**attrs):
    from office.sortition import services

    assembly = AssemblyFactory(**attrs)
    services.import_pool(assembly, POOL_CSV.encode())
    services.save_quotas(assembly, QUOTAS)
    return assembly
