"""Commit, then reveal, checked the way the public checks it: files downloaded from the public
page and the published procedure (verify.py) run by a plain Python, apart from the app."""

import hashlib
import io
import json
import subprocess
import zipfile

import pytest

from office.core.errors import DomainError
from office.sortition.services import publication, runs
from tests.sortition.factories import (
    NOW,
    SEED_SOURCE,
    assembly_with_pool,
    computed_run,
    drawn_run,
)

#: the public's Python: the standard library only (-I: isolated, -S: no site packages)
PLAIN_PYTHON = ["/usr/bin/python3", "-I", "-S"]


def _download(client, tmp_path, slug, attempt):
    response = client.get(f"/assemblies/{slug}/attempts/{attempt}.zip")
    assert response.status_code == 200
    zipfile.ZipFile(io.BytesIO(response.data)).extractall(tmp_path)
    return tmp_path / f"{slug}-{attempt}"


def _verify(folder, *args):
    return subprocess.run(
        [*PLAIN_PYTHON, "verify.py", ".", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_anyone_re_derives_the_panel_and_reserves_from_the_published_files(client, tmp_path):
    assembly = assembly_with_pool(slug="open", reserve_size=4)
    run = drawn_run(assembly, seed="3 11 19 26 33 41")
    page = client.get("/assemblies/open").get_data(as_text=True)
    assert "/assemblies/open/attempts/1.zip" in page and "/assemblies/verify.py" in page
    assert publication.commitment(run) in page and SEED_SOURCE in page
    folder = _download(client, tmp_path, "open", 1)
    done = _verify(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: the published files reproduce the draw." in done.stdout
    assert f"commitment (SHA-256 of manifest.json): {publication.commitment(run)}" in done.stdout
    # the pseudonyms the public sees are the staff's panel, and no name or id is published
    drawn = json.loads((folder / "draw.json").read_text())
    names = run.result["pseudonyms"]
    assert [names[k] for k in drawn["panel"]] == run.result["panel"]
    assert [names[k] for k in drawn["reserves"]] == run.result["reserves"]
    published = "".join(p.read_text() for p in folder.iterdir())
    assert "Person" not in published and "P01" not in published and "@" not in published


def test_another_seed_or_a_changed_file_is_caught(client, tmp_path):
    assembly = assembly_with_pool(slug="caught", reserve_size=4)
    drawn_run(assembly, seed="3 11 19 26 33 41")
    folder = _download(client, tmp_path, "caught", 1)
    other = _verify(folder, "--seed", "3 11 19 26 33 42")
    assert other.returncode == 1 and "drawn with the seed" in other.stdout
    chances = folder / "probabilities.csv"
    original = chances.read_text()
    lines = original.splitlines()
    lines[1] = lines[1].split(",")[0] + ",0.9"
    chances.write_text("\n".join(lines) + "\n")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["probabilities.csv"] = hashlib.sha256(chances.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    forged = _verify(folder)
    assert forged.returncode == 1 and "is not the distribution's" in forged.stdout
    pool = folder / "pool.csv"
    pool.write_text(pool.read_text().replace(",f,", ",m,", 1))
    changed = _verify(folder)
    assert changed.returncode == 1
    assert "pool.csv: SHA-256 differs from the manifest" in changed.stdout


def test_flask_sortition_verify_reproduces_the_draw(app, client, tmp_path):
    assembly = assembly_with_pool(slug="cli", reserve_size=3)
    drawn_run(assembly, seed="7 8 9")
    folder = _download(client, tmp_path, "cli", 1)
    result = app.test_cli_runner().invoke(args=["sortition", "verify", str(folder)])
    assert result.exit_code == 0 and "OK: the published files reproduce the draw." in result.output


def test_the_files_are_published_before_the_seed_and_never_change(client):
    assembly = assembly_with_pool(slug="before")
    run = computed_run(assembly)
    assert client.get("/assemblies/before/attempts/1/manifest.json").status_code == 404
    publication.publish_commitment(run, SEED_SOURCE, None, NOW)
    manifest = client.get("/assemblies/before/attempts/1/manifest.json").get_json()
    assert manifest["seed_source"] == SEED_SOURCE and manifest["attempt"] == 1
    assert set(manifest["files"]) == {
        "pool.csv", "quotas.csv", "distribution.json", "probabilities.csv"
    }  # fmt: skip
    chances = client.get("/assemblies/before/attempts/1/probabilities.csv").text.splitlines()
    assert chances[0] == "id,probability" and len(chances) == 13
    assert sum(float(line.split(",")[1]) for line in chances[1:]) == pytest.approx(4)
    assert client.get("/assemblies/before/attempts/1/draw.json").status_code == 404
    before = {n: client.get(f"/assemblies/before/attempts/1/{n}").data for n in manifest["files"]}
    publication.enter_seed(run, "1 2 3 4 5 6", None, NOW)
    after = {n: client.get(f"/assemblies/before/attempts/1/{n}").data for n in manifest["files"]}
    assert before == after
    with pytest.raises(DomainError, match="drawn already"):
        publication.enter_seed(run, "another seed", None, NOW)


def test_a_seed_typed_before_the_commitment_is_published_is_refused(db):
    run = computed_run(assembly_with_pool())
    with pytest.raises(DomainError, match="Publish the commitment first"):
        publication.enter_seed(run, "1 2 3 4 5 6", None, NOW)
    assert run.seed == "" and run.drawn_at is None


def test_a_new_attempt_needs_a_reason_and_both_are_public(client):
    assembly = assembly_with_pool(slug="twice")
    first = drawn_run(assembly, seed="first seed")
    with pytest.raises(DomainError, match="Say why"):
        runs.start_run(assembly, "leximin", "  ", None, NOW)
    second = drawn_run(assembly, seed="second seed", reason="two members of one household")
    assert (first.attempt, second.attempt) == (1, 2)
    assert runs.latest_result(assembly) == second
    page = client.get("/assemblies/twice").get_data(as_text=True)
    assert "first seed" in page and "second seed" in page
    assert "two members of one household" in page
    assert "2 (counts)" in page and "1 (superseded)" in page
    actions = [e.action for e in publication.audit_log(assembly)]
    assert actions.count("sortition.draw") == 2 and actions.count("sortition.commitment") == 2
