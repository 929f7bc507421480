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
    args = [
        "-h",
        url.host or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
    ]
    return env, args


def default_path() -> Path:
    folder = Path(current_app.instance_path) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "sqlite3" if _url().get_backend_name() == "sqlite" else "dump"
    return folder / f"office-{utcnow():%Y%m%d-%H%M%S}.{suffix}"


def create_backup(path: Path | None = None) -> Path:
    """A consistent copy of the whole database, taken while the app runs."""
    path = Path(path) if path else default_path()
    backend = _url().get_backend_name()
    db.session.remove()
    if backend == "sqlite":
        source = sqlite3.connect(_url().database)
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif backend == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if not pg_dump:
            raise BackupError("pg_dump is not installed (Debian package postgresql-client)")
        env, args = _pg_env_and_args()
        # an argument list without a shell; the values come from the app's own database URL
        subprocess.run(  # noqa: S603
            [
                pg_dump,
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                _url().database,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
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
    db.session.remove()
    backend = _url().get_backend_name()
    if backend == "sqlite":
        db.engine.dispose()
        source = sqlite3.connect(path)
        target = sqlite3.connect(_url().database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif backend == "postgresql":
        pg_restore = shutil.which("pg_restore")
        if not pg_restore:
            raise BackupError("pg_restore is not installed (Debian package postgresql-client)")
        db.engine.dispose()
        env, args = _pg_env_and_args()
        subprocess.run(  # noqa: S603 - as above
            [
                pg_restore,
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                _url().database,
                str(path),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    else:
        raise BackupError(f"no restore method for {backend}")
    erased = reapply_erasures(ledger)
    # the restored tokens belong to older data that running servers may still have rendered
    cache.bump(db.session, [t.name for t in db.metadata.sorted_tables])
    db.session.commit()
    return erased
