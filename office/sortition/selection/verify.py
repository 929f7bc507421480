"""Re-derive a sortition draw from its published files, with the Python standard library only.

This file is the procedure: the office draws with it, and anyone can run it on the files of an
assembly's public page (https://<office>/assemblies/<slug>, "Files of attempt N"):

    python verify.py FOLDER [--seed "THE PUBLISHED SEED"]

FOLDER holds what the page links: `manifest.json` (published before the seed was known),
`pool.csv`, `quotas.csv`, `distribution.json` and, once drawn, `draw.json`. The script

1. checks the SHA-256 of every file against the manifest (and prints the manifest's own
   SHA-256, the commitment published before the seed);
2. checks that the distribution is a lottery over panels of the right size that meet every
   quota and the household rule, over exactly the people of the pool, with probabilities
   adding up to 1;
3. draws the panel and the reserves from the distribution with the seed, as the office did,
   and compares them with `draw.json`.

It exits with 0 when everything matches and 1 otherwise, naming each difference.

The draw: the seed text's SHA-256 gives a 63-bit number that seeds Python's `random.Random`
(Mersenne Twister). A panel composition is chosen with the published probabilities (in the
file's order); it gives a count per group of interchangeable people, and the households and
members within each group are chosen uniformly. The reserves are the new people of further
compositions drawn the same way, in random order.
"""

import argparse
import csv
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

FORMAT = "office-sortition/1"
#: the files of an attempt, in the order the manifest lists them
COMMITTED_FILES = ("pool.csv", "quotas.csv", "distribution.json", "probabilities.csv")
#: what every manifest lists (probabilities.csv is derived from the distribution and checked)
REQUIRED_FILES = COMMITTED_FILES[:3]
DRAW_FILE = "draw.json"
MANIFEST = "manifest.json"
#: further compositions drawn for the reserves before giving up (the pool may be too small)
RESERVE_ATTEMPTS = 1000


def seed_to_int(seed: str) -> int:
    """A published seed (any text) as a 63-bit integer: the first 8 bytes of its SHA-256."""
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") >> 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(value) -> bytes:
    """The bytes of a published JSON file: sorted keys, no spaces, UTF-8, newline at the end."""
    return (
        json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    ).encode()


# --- the draw -----------------------------------------------------------------------------------


def realize(groups: list[dict], counts, rng: random.Random) -> frozenset[str]:
    """A panel with the composition's counts per group: households and members drawn uniformly.

    Within a household make-up the households are put in random order; the first ones give a
    member to the first group of the make-up, and so on; within a household, one of its members
    in the group is chosen uniformly.
    """
    by_makeup: dict[int, list] = defaultdict(list)
    for g, count in counts:
        by_makeup[groups[g]["makeup"]].append((g, count))
    chosen: list[str] = []
    for makeup in sorted(by_makeup):
        parts = by_makeup[makeup]
        households = len(groups[parts[0][0]]["households"])
        order = rng.sample(range(households), sum(count for _g, count in parts))
        start = 0
        for g, count in parts:
            for household in order[start : start + count]:
                chosen.append(rng.choice(groups[g]["households"][household]))
            start += count
    return frozenset(chosen)


def _choose(probabilities: list[float], rng: random.Random) -> int:
    u = rng.random() * sum(probabilities)
    acc = 0.0
    for j, p in enumerate(probabilities):
        acc += p
        if u < acc:
            return j
    return len(probabilities) - 1


def drawable(distribution: dict) -> set[str]:
    """Everyone with a chance: the members of the groups that some composition seats."""
    groups = distribution["groups"]
    used = {g for c in distribution["committees"] for g, n in c["counts"] if n > 0}
    return {key for g in used for household in groups[g]["households"] for key in household}


def draw(distribution: dict, seed: str, reserve_size: int) -> tuple[list[str], list[str]]:
    """The panel (sorted) and the reserves (in order) that `seed` draws from the distribution."""
    rng = random.Random(seed_to_int(seed))  # noqa: S311 - reproducible from the published seed
    groups = distribution["groups"]
    committees = [c["counts"] for c in distribution["committees"]]
    probabilities = [c["probability"] for c in distribution["committees"]]
    panel = sorted(realize(groups, committees[_choose(probabilities, rng)], rng))
    chosen, reserves = set(panel), []
    everyone = drawable(distribution)
    attempts = 0
    while (
        len(reserves) < reserve_size and len(chosen) < len(everyone) and attempts < RESERVE_ATTEMPTS
    ):
        attempts += 1
        new = sorted(realize(groups, committees[_choose(probabilities, rng)], rng) - chosen)
        rng.shuffle(new)
        for key in new[: reserve_size - len(reserves)]:
            reserves.append(key)
            chosen.add(key)
    return panel, reserves


def marginals(distribution: dict) -> dict[str, float]:
    """Each person's chance of a seat: their group's expected count / the group's size."""
    expected: Counter = Counter()
    for c in distribution["committees"]:
        for g, n in c["counts"]:
            expected[g] += c["probability"] * n
    chances = {}
    for g, group in enumerate(distribution["groups"]):
        members = [key for household in group["households"] for key in household]
        for key in members:
            chances[key] = expected[g] / len(members)
    return chances


# --- reading and checking the published files ------------------------------------------------


def probabilities_csv(chances: dict[str, float]) -> str:
    """probabilities.csv: each person's chance of a seat, computed before the seed."""
    return "id,probability\n" + "".join(f"{k},{float(p)!r}\n" for k, p in sorted(chances.items()))


def probability_problems(folder: Path, chances: dict[str, float]) -> list[str]:
    """The published chances must be those of the distribution."""
    path = folder / "probabilities.csv"
    if not path.exists():
        return []
    rows = {
        r["id"]: float(r["probability"])
        for r in csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    }
    wrong = sorted(
        k for k in set(rows) | set(chances) if abs(rows.get(k, -1) - chances.get(k, -2)) > 1e-9
    )
    return (
        [f"probabilities.csv: the chance of {', '.join(wrong[:5])} is not the distribution's"]
        if wrong
        else []
    )


def read_pool(text: str) -> dict[str, dict]:
    """pool.csv: id, household, then one column per feature -> {id: {"household", "features"}}."""
    rows = csv.DictReader(text.splitlines())
    features = [c for c in rows.fieldnames or [] if c not in ("id", "household")]
    return {
        row["id"]: {"household": row["household"], "features": {f: row[f] for f in features}}
        for row in rows
    }


def read_quotas(text: str) -> list[dict]:
    """quotas.csv in the sortition-algorithms format: feature, value, min, max."""
    return [
        {"feature": r["feature"], "value": r["value"], "min": int(r["min"]), "max": int(r["max"])}
        for r in csv.DictReader(text.splitlines())
    ]


def committee_problems(distribution: dict, pool: dict, quotas: list[dict], household_rule: bool):
    """Why a composition is not a valid panel (size, quotas, households); empty when all are."""
    problems = []
    groups = distribution["groups"]
    for j, c in enumerate(distribution["committees"], start=1):
        seats: Counter = Counter()
        size = 0
        for g, n in c["counts"]:
            first = groups[g]["households"][0][0]
            size += n
            for feature, value in pool[first]["features"].items():
                seats[(feature.lower(), value.lower())] += n
            if household_rule and n > len(groups[g]["households"]):
                problems.append(f"composition {j}: group {g} has more seats than households")
        if size != distribution["panel_size"]:
            problems.append(
                f"composition {j}: {size} seats instead of {distribution['panel_size']}"
            )
        for q in quotas:
            n = seats[(q["feature"].lower(), q["value"].lower())]
            if not q["min"] <= n <= q["max"]:
                problems.append(f"composition {j}: {q['feature']}/{q['value']} has {n} seats")
    return problems


def group_problems(distribution: dict, pool: dict, household_rule: bool) -> list[str]:
    """Every pool member in exactly one group; groups of one category each; households apart."""
    problems = []
    seen: Counter = Counter()
    for g, group in enumerate(distribution["groups"]):
        members = [key for household in group["households"] for key in household]
        seen.update(members)
        unknown = [key for key in members if key not in pool]
        if unknown:
            problems.append(f"group {g}: not in the pool: {', '.join(unknown[:5])}")
            continue
        if len({json.dumps(pool[k]["features"], sort_keys=True).lower() for k in members}) > 1:
            problems.append(f"group {g}: members of different categories")
        if household_rule and any(
            len({pool[k]["household"] for k in household}) != 1 for household in group["households"]
        ):
            problems.append(f"group {g}: a household of members of different households")
    missing = sorted(set(pool) - set(seen))
    if missing:
        problems.append(f"not in any group: {', '.join(missing[:5])}")
    twice = sorted(k for k, n in seen.items() if n > 1)
    if twice:
        problems.append(f"in more than one group: {', '.join(twice[:5])}")
    return problems


def check_files(folder: Path) -> tuple[dict, list[str]]:
    """The manifest, and the files whose SHA-256 differs from it (or that are missing)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    if manifest.get("format") != FORMAT:
        problems.append(f"unknown format {manifest.get('format')!r}, expected {FORMAT}")
    for name in sorted(set(REQUIRED_FILES) | set(manifest.get("files", {}))):
        path = folder / name
        if not path.exists():
            problems.append(f"{name}: missing")
        elif sha256(path.read_bytes()) != manifest["files"][name]:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    return manifest, problems


def verify(folder: Path, seed: str | None = None) -> tuple[list[str], list[str]]:
    """Re-derive the draw in `folder`: (lines to print, problems found)."""
    manifest, problems = check_files(folder)
    lines = [f"commitment (SHA-256 of {MANIFEST}): {sha256((folder / MANIFEST).read_bytes())}"]
    if problems:
        return lines, problems
    pool = read_pool((folder / "pool.csv").read_text(encoding="utf-8"))
    quotas = read_quotas((folder / "quotas.csv").read_text(encoding="utf-8"))
    distribution = json.loads((folder / "distribution.json").read_text(encoding="utf-8"))
    rule = manifest["household_rule"]
    problems += group_problems(distribution, pool, rule)
    problems += committee_problems(distribution, pool, quotas, rule) if not problems else []
    total = sum(c["probability"] for c in distribution["committees"])
    if abs(total - 1) > 1e-6:
        problems.append(f"the probabilities add up to {total}, not 1")
    chances = marginals(distribution)
    problems += probability_problems(folder, chances)
    lines.append(
        f"{len(pool)} people, {len(distribution['committees'])} panel compositions, "
        f"lowest chance {min(chances.values()):.4%}"
    )
    drawn = (
        json.loads((folder / DRAW_FILE).read_text(encoding="utf-8"))
        if (folder / DRAW_FILE).exists()
        else None
    )
    seed = seed if seed is not None else (drawn or {}).get("seed")
    if seed is None:
        lines.append("no seed yet: the draw has not been made")
        return lines, problems
    panel, reserves = draw(distribution, seed, manifest["reserve_size"])
    lines += [f"seed: {seed}", "panel: " + " ".join(panel), "reserves: " + " ".join(reserves)]
    if drawn is not None:
        problems += _compare(drawn, seed, panel, reserves)
    return lines, problems


def _compare(drawn: dict, seed: str, panel: list[str], reserves: list[str]) -> list[str]:
    problems = []
    if drawn["seed"] != seed:
        problems.append(f"{DRAW_FILE} was drawn with the seed {drawn['seed']!r}, not {seed!r}")
    if drawn["panel"] != panel:
        problems.append(f"the panel in {DRAW_FILE} differs from the one the seed draws")
    if drawn["reserves"] != reserves:
        problems.append(f"the reserves in {DRAW_FILE} differ from the ones the seed draws")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder with the published files")
    parser.add_argument("--seed", help="the published seed (default: the one in draw.json)")
    args = parser.parse_args(argv)
    lines, problems = verify(args.folder, args.seed)
    for line in lines:
        print(line)
    for problem in problems:
        print("PROBLEM:", problem)
    print("OK: the published files reproduce the draw." if not problems else "NOT VERIFIED.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
