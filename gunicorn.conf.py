"""gunicorn's settings for the office, read from the working directory by every
`gunicorn wsgi:app` started there (the README's production recipe, `python -m bench`);
elsewhere pass it with `-c /path/to/gunicorn.conf.py`. Command-line options override it."""

import gc


def post_worker_init(worker):
    """Once the worker has loaded the app: its long-lived objects (modules, routes, SQLAlchemy's
    mappers, forms, translations: some 300,000 at city scale) leave the garbage collector's
    view, so that a full collection walks only what requests create (it took ~250 ms, in the
    middle of a request, with them; docs/performance.md, seventh round)."""
    gc.collect()
    gc.freeze()
    worker.log.info("worker %s: %d objects frozen", worker.pid, gc.get_freeze_count())
