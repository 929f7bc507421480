"""Translation workflow (German, Danish, English).

    python scripts/i18n.py update            extract strings, update the three catalogues, fill English
    python scripts/i18n.py missing de        print untranslated or fuzzy msgids of a locale as JSON
    python scripts/i18n.py apply de FILE     set translations from a JSON object {msgid: msgstr}
                                             (plural entries: {msgid: [singular, plural]})
    python scripts/i18n.py union A.po B.po   write into A every translation B has and A lacks
    python scripts/i18n.py compile           build the .mo files the app reads
    python scripts/i18n.py check             exit 1 if any catalogue is incomplete

English is the source language; its catalogue copies each msgid so every locale is complete.
"""

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LOCALES = ("de", "da", "en")
PYBABEL = str(Path(sys.executable).parent / "pybabel")


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def load(path: Path):
    with open(path, "rb") as f:
        return read_po(f)


def save(catalog, path: Path) -> None:
    catalog.fuzzy = False  # the header's fuzzy flag would make pybabel skip the catalogue
    with open(path, "wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=True, width=100)


def translated(message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def update() -> None:
    pot = TRANSLATIONS / "messages.pot"
    subprocess.run(
        [
            PYBABEL,
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "-k",
            "counted:1,2",
            "-o",
            str(pot),
            "--no-location",
            "--sort-output",
            "--omit-header",
            "--ignore-dirs",
            ".venv instance tests migrations node_modules .git",
            "--project",
            "participation-office",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    for locale in LOCALES:
        if not po_path(locale).exists():
            subprocess.run(
                [PYBABEL, "init", "-i", str(pot), "-d", str(TRANSLATIONS), "-l", locale],
                check=True,
                capture_output=True,
            )
        subprocess.run(
            [
                PYBABEL,
                "update",
                "-i",
                str(pot),
                "-d",
                str(TRANSLATIONS),
                "-l",
                locale,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            ],
            check=True,
            capture_output=True,
        )
        # pybabel writes 76 columns; every catalogue is kept at 100 so that diffs stay small
        save(load(po_path(locale)), po_path(locale))
    fill_english()


def fill_english() -> None:
    path = po_path("en")
    catalog = load(path)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(message.id)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    save(catalog, path)


def missing(locale: str) -> dict:
    catalog = load(po_path(locale))
    out = {}
    for m in catalog:
        if m.id and (not translated(m) or m.fuzzy):
            key = m.id[0] if isinstance(m.id, tuple | list) else m.id
            if m.context:
                key = f"{m.context}\x04{key}"
            out[key] = list(m.id) if isinstance(m.id, tuple | list) else ""
    return out


def apply(locale: str, mapping_file: str) -> None:
    mapping = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    path = po_path(locale)
    catalog = load(path)
    unknown = []
    for key, value in mapping.items():
        context = None
        if "\x04" in key:  # "context\x04msgid", as gettext stores them
            context, key = key.split("\x04", 1)
        message = catalog.get(key, context=context)
        if message is None:
            # plural entries are keyed by their singular
            message = next(
                (m for m in catalog if isinstance(m.id, tuple | list) and m.id[0] == key), None
            )
        if message is None:
            unknown.append(key)
            continue
        message.string = tuple(value) if isinstance(value, list) else value
        message.flags.discard("fuzzy")
    save(catalog, path)
    if unknown:
        print(f"{len(unknown)} msgids not in the catalogue (run update first?):", file=sys.stderr)
        for key in unknown[:20]:
            print("  " + key, file=sys.stderr)


def union(target: str, other: str) -> None:
    a, b = load(Path(target)), load(Path(other))
    for message in b:
        if not message.id or not translated(message):
            continue
        mine = a.get(message.id, context=message.context)
        if mine is None:
            mine = a.add(message.id, string=message.string, context=message.context)
        elif not translated(mine) or mine.fuzzy:
            mine.string = message.string
        mine.flags.discard("fuzzy")
    save(a, Path(target))


def compile_all() -> None:
    subprocess.run([PYBABEL, "compile", "-d", str(TRANSLATIONS), "--statistics"], check=True)


def check() -> int:
    bad = 0
    for locale in LOCALES:
        gaps = missing(locale)
        if gaps:
            bad = 1
            print(f"{locale}: {len(gaps)} untranslated or fuzzy")
    return bad


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["help"]
    if cmd == "update":
        update()
    elif cmd == "missing":
        print(json.dumps(missing(args[0]), ensure_ascii=False, indent=1))
    elif cmd == "apply":
        apply(args[0], args[1])
    elif cmd == "union":
        union(args[0], args[1])
    elif cmd == "compile":
        compile_all()
    elif cmd == "check":
        sys.exit(check())
    else:
        print(__doc__)
