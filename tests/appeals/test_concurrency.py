"""Two case workers changing the same appealed decision at the same moment: exactly one new
decision, the other is told someone else handled it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from bistand.accounts.models import Role
from bistand.appeals import services
from bistand.appeals.models import Appeal
from bistand.decisions.models import Decision
from tests import factories

from .test_services import _post


@pytest.mark.django_db(transaction=True)
def test_two_workers_ompror_at_once_make_exactly_one_new_decision():
    citizen = factories.citizen("dana")
    original = factories.decision(applicant=citizen)
    appeal = services.appeal_submit(decision=original, by=citizen, wanted_change="x", reasons="y")
    workers = [factories.staff(Role.EKONOMISEKRETERARE), factories.staff(Role.ENHETSCHEF)]
    appeal = services.appeal_check_timeliness(
        appeal=appeal, version=appeal.version, by=workers[0], in_time=True
    )
    version = appeal.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def change(worker):
        try:
            barrier.wait(timeout=10)
            services.appeal_change_decision(
                appeal=Appeal.objects.get(pk=appeal.pk),
                version=version,
                by=worker,
                posts=_post(original, "6000.00"),
                motivering="Hyran godtas.",
            )
            outcomes.append("changed")
        except services.StaleAppealError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["changed", "refused"]
    assert Decision.objects.filter(supersedes=original).count() == 1
