"""Stickprov: a seeded, reproducible draw of approvals; outcomes; error rate per channel/type."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.applications import selectors as application_selectors
from bistand.applications.models import Channel
from bistand.cases import selectors as case_selectors
from bistand.cases.models import CaseEvent
from bistand.payments import events as payment_events
from bistand.payments import selectors, services
from bistand.payments.models import PostCheck, PostCheckDraw, PostCheckOutcome, RecoveryClaim

from . import factories

pytestmark = pytest.mark.django_db
SEED = "5eed" * 16  # a published seed, as an auditor would have it


def test_the_draw_is_reproducible_from_the_published_seed_and_the_decision():
    first = services.draw_digest(seed=SEED, decision_id=4711)
    assert first == services.draw_digest(seed=SEED, decision_id=4711)
    assert first != services.draw_digest(seed=SEED, decision_id=4712)
    assert first != services.draw_digest(seed="00" * 32, decision_id=4711)
    # The rule is plain HMAC-SHA256, recomputable with any tool:
    import hashlib
    import hmac

    expected = hmac.new(bytes.fromhex(SEED), b"bistand-stickprov:decision:4711", hashlib.sha256)
    assert first == expected.hexdigest()


@pytest.mark.parametrize("share", ["0.02", "0.05", "0.10", "0.50"])
def test_the_share_drawn_is_the_configured_share_over_many_decisions(share):
    n = 100_000
    picked = sum(
        services.draw_selected(
            digest=services.draw_digest(seed=SEED, decision_id=i), share=Decimal(share)
        )
        for i in range(1, n + 1)
    )
    p = float(share)
    tolerance = 4 * (n * p * (1 - p)) ** 0.5  # four standard deviations
    assert abs(picked - n * p) < tolerance


@settings(max_examples=200, deadline=None)
@given(
    seed=st.binary(min_size=16, max_size=32),
    decision_id=st.integers(min_value=1, max_value=10**12),
)
def test_share_zero_never_and_share_one_always_selects(seed, decision_id):
    digest = services.draw_digest(seed=seed.hex(), decision_id=decision_id)
    assert not services.draw_selected(digest=digest, share=Decimal("0"))
    assert services.draw_selected(digest=digest, share=Decimal("1"))


def test_every_approval_is_drawn_once_and_the_draw_can_be_recomputed(settings):
    settings.POST_CHECK_SHARE = "0.5"
    services.post_check_seed_for_month(month=date.today(), seed=SEED)
    decisions = [factories.decision() for _ in range(12)]
    rejected = factories.decision(amount="0.00")
    for decision in [*decisions, rejected]:
        services.payment_order_create_for_decision(decision_id=decision.pk)
        services.post_check_draw_for_decision(decision_id=decision.pk)  # again: same draw
    draws = PostCheckDraw.objects.all()
    assert draws.count() == 12
    assert not draws.filter(decision_id=rejected.pk).exists()
    for draw in draws:
        assert services.post_check_draw_verify(draw=draw)
        assert draw.seed.seed == SEED and draw.share == Decimal("0.5")
        assert draw.selected == services.draw_selected(
            digest=services.draw_digest(seed=SEED, decision_id=draw.decision_id),
            share=Decimal("0.5"),
        )
    selected = draws.filter(selected=True)
    assert 0 < selected.count() < 12  # 12 coin flips with this seed: some of each
    assert PostCheck.objects.count() == selected.count()
    events = CaseEvent.objects.filter(kind=payment_events.POST_CHECK_REQUESTED)
    assert events.count() == selected.count()
    event = events.first()
    assert "Visa underlag för december 2026" in event.data["text"]
    applicant = application_selectors.application_by_id(
        application_id=event.application_id
    ).case.applicant
    assert event in case_selectors.timeline_for_citizen(user=applicant, case_id=event.case_id)


def test_the_month_seed_is_fixed_once():
    services.post_check_seed_for_month(month=date(2026, 12, 15), seed=SEED)
    assert services.post_check_seed_for_month(month=date(2026, 12, 1)).seed == SEED
    with pytest.raises(services.PaymentError):
        services.post_check_seed_for_month(month=date(2026, 12, 1), seed="00" * 32)


def test_share_per_channel_and_decision_type(settings):
    settings.POST_CHECK_SHARE = "0.05"
    settings.POST_CHECK_SHARE_BY = {"paper:manual": "0.2", "digital": "0.1", "manual": "0.03"}
    share = services.post_check_share_for
    assert share(channel="paper", automated=False) == Decimal("0.2")
    assert share(channel="digital", automated=True) == Decimal("0.1")
    assert share(channel="paper", automated=True) == Decimal("0.05")
    assert share(channel="phone", automated=False) == Decimal("0.03")


def test_outcomes_recovery_and_error_rate_per_channel_and_decision_type(settings):
    settings.POST_CHECK_SHARE = "1"
    worker = factories.case_worker()
    plan = [
        # channel, decided by a person?, outcome
        (Channel.DIGITAL, False, PostCheckOutcome.CORRECT),
        (Channel.DIGITAL, False, PostCheckOutcome.CORRECT),
        (Channel.DIGITAL, False, PostCheckOutcome.CORRECT),
        (Channel.DIGITAL, False, PostCheckOutcome.INCORRECT_INFORMATION),
        (Channel.DIGITAL, True, PostCheckOutcome.AMOUNT_DIFFERENCE),
        (Channel.DIGITAL, True, None),  # not yet checked
        (Channel.PAPER, True, PostCheckOutcome.CORRECT),
        (Channel.PAPER, True, PostCheckOutcome.AMOUNT_DIFFERENCE),
    ]
    for channel, manual, outcome in plan:
        decision = factories.decision(channel=channel, decided_by=worker if manual else None)
        services.payment_order_create_for_decision(decision_id=decision.pk)
        check = PostCheck.objects.get(decision_id=decision.pk)
        assert check.automated == (not manual) and check.channel == channel
        if outcome is None:
            continue
        difference = Decimal("800.00") if outcome == PostCheckOutcome.AMOUNT_DIFFERENCE else None
        services.post_check_record_outcome(
            post_check_id=check.pk,
            outcome=outcome,
            checked_by=worker,
            amount_difference=difference,
            recovery_amount=difference,
            recovery_reason="Hyran var lägre än uppgiven" if difference else "",
        )
    assert RecoveryClaim.objects.count() == 2
    assert all(c.post_check_id for c in RecoveryClaim.objects.all())

    rates = {(r.channel, r.decision_type): r for r in selectors.post_check_error_rates()}
    assert rates[("digital", "automated")].rate == Decimal("0.2500")
    assert rates[("digital", "manual")].checked == 1 and rates[("digital", "manual")].open == 1
    assert rates[("digital", "manual")].rate == Decimal("1.0000")
    assert rates[("paper", "manual")].rate == Decimal("0.5000")
    assert rates[("digital", "")].rate == Decimal("0.4000")
    assert rates[("", "automated")].rate == Decimal("0.2500")
    assert rates[("", "manual")].rate == Decimal("0.6667")
    overall = rates[("", "")]
    assert (overall.checked, overall.errors, overall.open) == (7, 3, 1)
    # The follow-up dashboard's per-month figures, every month in one query: as one call a month.
    months = sorted(set(PostCheck.objects.values_list("month", flat=True)))
    PostCheck.objects.filter(pk=PostCheck.objects.order_by("pk").first().pk).update(
        month=date(2026, 1, 1)
    )
    months = sorted({date(2026, 1, 1), *months})
    by_month = selectors.post_check_error_rates_by_month(since=months[0], until=months[-1])
    assert set(by_month) == set(months)
    for month in months:
        assert by_month[month] == selectors.post_check_error_rates(since=month, until=month)


def test_an_outcome_is_recorded_once_and_needs_the_amount_for_a_difference(settings):
    settings.POST_CHECK_SHARE = "1"
    decision = factories.decision()
    services.payment_order_create_for_decision(decision_id=decision.pk)
    check = PostCheck.objects.get(decision_id=decision.pk)
    worker = factories.case_worker()
    with pytest.raises(services.PaymentError, match="skillnaden"):
        services.post_check_record_outcome(
            post_check_id=check.pk, outcome=PostCheckOutcome.AMOUNT_DIFFERENCE, checked_by=worker
        )
    with pytest.raises(services.PaymentError, match="inget återkrav"):
        services.post_check_record_outcome(
            post_check_id=check.pk,
            outcome=PostCheckOutcome.CORRECT,
            checked_by=worker,
            recovery_amount=Decimal("1.00"),
        )
    services.post_check_record_outcome(
        post_check_id=check.pk, outcome=PostCheckOutcome.CORRECT, checked_by=worker
    )
    with pytest.raises(services.PaymentError, match="redan"):
        services.post_check_record_outcome(
            post_check_id=check.pk, outcome=PostCheckOutcome.CORRECT, checked_by=worker
        )
    assert not selectors.post_checks_open().exists()
