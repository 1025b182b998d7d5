"""A gunicorn worker is warmed before its first request (bistand.core.warmup, issue 16 item 5):
the URLconf, every template and the catalogues, without touching the database."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

from django.template import engines

from bistand import gunicorn_conf
from bistand.core import warmup


def _cached_templates() -> dict[object, object]:
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    return loader.get_template_cache  # type: ignore[no-any-return]


def test_warm_up_compiles_every_template_without_the_database():
    """No database mark: pytest-django refuses any query or connection here, and a refusal
    would be logged and reported as `failed`."""
    _cached_templates().clear()
    done = warmup.warm_up()
    assert not done.failed
    names = warmup.template_names()
    assert "followup/dashboard.html" in names and len(names) > 100
    assert done.templates == len(names)
    cached = _cached_templates()
    assert "followup/dashboard.html" in cached
    assert "casework/queue.html" in cached


def test_a_failure_is_logged_and_the_worker_still_starts(caplog):
    with mock.patch.object(warmup, "get_resolver", side_effect=RuntimeError("broken")):
        done = warmup.warm_up()
    assert done.failed
    assert "warm-up failed" in caplog.text


def test_gunicorn_warms_each_worker_after_it_loaded_the_application():
    worker = SimpleNamespace(pid=4711, log=mock.Mock())
    with mock.patch.object(warmup, "warm_up", return_value=warmup.Warmed(3, 0.5, False)) as warm:
        gunicorn_conf.post_worker_init(worker)
    warm.assert_called_once_with()
    worker.log.info.assert_called_once()
    assert "warmed" in worker.log.info.call_args.args[0]
