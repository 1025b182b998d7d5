"""Warm a web worker before its first request (gunicorn's `post_worker_init`, gunicorn_conf).

A fresh worker process pays on its first request for what Django does lazily once per process:
importing the URLconf and every view module behind it, compiling each template it renders (the
cached template loader keeps them per process), reading the translation catalogues, and the
calendar of working days (the `holidays` library imports Sweden's calendar on first use: ≈ 70 ms;
the queue, Min sida and the dashboard all ask it). With 4
workers the first request to each is slower than the rest, and the follow-up dashboard's p95
over a few requests was one of those (issue 16 item 5; docs/performance.md).

`warm_up()` does that work in the worker, after the fork and before it accepts a request. It
reads files only: it opens **no database connection** (a connection opened before the fork would
be shared by every worker; one opened here would be closed by `CONN_MAX_AGE` before a quiet
site's first request anyway). A failure is logged and the worker starts cold, as before: warming
must never keep a worker from serving.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import timezone, translation

from bistand.core.workdays import is_working_day

log = logging.getLogger("bistand.warmup")


def template_names() -> list[str]:
    """The names of every template of Bistånd's own apps (`<app>/templates/**`)."""
    names = []
    for config in apps.get_app_configs():
        if not config.name.startswith("bistand."):
            continue
        root = Path(config.path) / "templates"
        if root.is_dir():
            names += sorted(
                p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix == ".html"
            )
    return names


@dataclass(frozen=True)
class Warmed:
    templates: int  # compiled
    seconds: float
    failed: bool  # something failed (logged): the worker starts (partly) cold


def warm_up() -> Warmed:
    """Load the URLconf, every template, the catalogues of every language and the working-day
    calendar of last year, this year and the next; returns how many
    templates were compiled and the seconds it took (for the worker's log line)."""
    began = time.perf_counter()
    compiled = 0
    failed = False
    try:
        resolver = get_resolver()
        resolver.reverse_dict  # noqa: B018  (imports every urls and views module, fills the index)
        for name in template_names():
            try:
                get_template(name)
                compiled += 1
            except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment meant for another
                continue  # loader, or one that only parses inside its parent: skip it
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("Svenska")  # reads the language's catalogues
        today = timezone.localdate()
        for year in (today.year - 1, today.year, today.year + 1):
            is_working_day(date(year, 1, 2))  # the year's holidays (cached per year)
    except Exception:  # never keep a worker from starting
        log.exception("warm-up failed; the worker starts cold")
        failed = True
    return Warmed(compiled, time.perf_counter() - began, failed)
