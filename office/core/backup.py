"""`flask backup create` / `flask backup restore`: SQLite online backup API, pg_dump/pg_restore."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from office.core import cache
from office.core.clock import utcnow
from office.core.privacy import read_ledger, reapply_erasures
from office.extensions import db


class BackupError(RuntimeError):
    pass


def _url() -> sa.engine.URL:
    return db.engine.url


def _pg_env_and_args() -> tuple[dict, list[str]]:
    url = _url()
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    host, port, user = url.host or "127.0.0.1", str(url.port or 5432), url.username or "postgres"
    return env, ["-h", host, "-p", port, "-U", user]


def _pg_tool(name: str, options: list[str]) -> None:
    """Run pg_dump or pg_restore on the app's database (an argument list, no shell)."""
    tool = shutil.which(name)
    if not tool:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    env, args = _pg_env_and_args()
    # the values come from the app's own database URL
    subprocess.run([tool, *args, *options], env=env, check=True, capture_output=True)  # noqa: S603


def _sqlite_copy(source_path: str, target_path: str) -> None:
    """A consistent copy with SQLite's online backup API."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def default_path() -> Path:
    folder = Path(current_app.instance_path) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "sqlite3" if _url().get_backend_name() == "sqlite" else "dump"
    return folder / f"office-{utcnow():%Y%m%d-%H%M%S}.{suffix}"


def create_backup(path: Path | None = None) -> Path:
    """A consistent copy of the whole database, taken while the app runs."""
    path = Path(path) if path else default_path()
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder")
    backend = _url().get_backend_name()
    db.session.remove()
    if backend == "sqlite":
        _sqlite_copy(_url().database, str(path))
    elif backend == "postgresql":
        _pg_tool("pg_dump", ["--format=custom", "--no-owner", "--file", str(path), _url().database])
    else:
        raise BackupError(f"no backup method for {backend}")
    return path


def restore_backup(path: Path) -> int:
    """Replace the database's contents with the backup; re-apply later erasures. Returns how many
    people had to be erased again."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    ledger = read_ledger()
    _replace_database(path)
    erased = reapply_erasures(ledger)
    # the restored tokens belong to older data that running servers may still have rendered
    cache.bump(db.session, [t.name for t in db.metadata.sorted_tables])
    db.session.commit()
    return erased


def _replace_database(path: Path) -> None:
    db.session.remove()
    backend = _url().get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"no restore method for {backend}")
    db.engine.dispose()
    if backend == "sqlite":
        _sqlite_copy(str(path), _url().database)
    else:
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _pg_tool("pg_restore", [*options, "-d", _url().database, str(path)])
