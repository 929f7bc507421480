"""The pool and the quotas in the formats of sortition-algorithms: what we export the library
reads, and what the library's files say we import."""

import io

import pytest
from sortition_algorithms.adapters import CSVStringDataSource, SelectionData
from sortition_algorithms.settings import Settings

from office.sortition.services import errors, exchange
from office.sortition.services import pool as respondent_pool
from tests.sortition.factories import POOL_CSV, QUOTAS, assembly_with_pool, invited_assembly

LIBRARY_QUOTAS = "feature,value,min,max,min_flex,max_flex\ngender,f,2,2,0,4\ngender,m,2,2,0,4\nage,young,1,2,0,4\nage,old,2,3,0,4\n"


def test_the_library_reads_our_pool_and_quotas_as_we_have_them(client, login_as):
    assembly = assembly_with_pool()
    login_as("office_staff")
    features = client.get(f"/sortition/{assembly.slug}/exchange/quotas.csv").text
    people = client.get(f"/sortition/{assembly.slug}/exchange/people.csv").text
    data = SelectionData(CSVStringDataSource(features, people))
    collection, _report = data.load_features(assembly.panel_size)
    settings = Settings(id_column="id", columns_to_keep=[], check_same_address=True,
                        check_same_address_columns=["household"])  # fmt: skip
    loaded, _report = data.load_people(settings, collection)
    assert {q["category"]: (q["minimum"], q["maximum"]) for q in QUOTAS} == {
        value: (minmax.min, minmax.max)
        for feature in collection.values()
        for value, minmax in feature.items()
    }
    assert sorted(loaded) == [f"P{i:02d}" for i in range(1, 13)]
    assert loaded.get_person_dict("P09")["household"] == loaded.get_person_dict("P10")["household"]


def test_quotas_from_a_library_features_file_replace_ours(db):
    assembly = assembly_with_pool()
    assert (
        exchange.import_quotas(
            assembly, LIBRARY_QUOTAS.replace("age,old,2,3", "age,old,1,3").encode()
        )
        == 4
    )
    assert {(q.category, q.minimum, q.maximum) for q in assembly.quotas} >= {("old", 1, 3)}


def test_a_features_file_with_unknown_values_names_each_line_and_changes_nothing(db):
    assembly = assembly_with_pool()
    bad = LIBRARY_QUOTAS + "age,ancient,0,1,0,0\ngender,x,3,1,0,0\n"
    with pytest.raises(errors.ImportRejected) as err:
        exchange.import_quotas(assembly, bad.encode())
    assert [p.row for p in err.value.problems] == [6, 7]
    assert {(q.category, q.minimum) for q in assembly.quotas} == {
        (q["category"], q["minimum"]) for q in QUOTAS
    }


def test_a_library_people_file_with_its_default_id_column_is_read(db):
    assembly = invited_assembly()
    library = POOL_CSV.replace("id,name,", "nationbuilder_id,name,", 1)
    assert respondent_pool.import_pool(assembly, library.encode()) == 12
    assert io.StringIO(exchange.people_csv(assembly)).readline().startswith("id,household")
