"""Demo: message threads between synthetic households and the unit (one answered, one waiting in
the shared queue) and satisfaction answers after decisions (one skipped). Idempotent."""

from __future__ import annotations

import random

from bistand.accounts.models import Role, User
from bistand.cases import selectors as case_selectors
from bistand.messaging import selectors, services

CONVERSATIONS = [
    (
        "Fråga om utbetalningen",
        "Hej! När kommer pengarna för december?",
        "Hej! Pengarna betalas ut nästa bankdag efter beslutet. Du ser datumet på Min sida.",
    ),
    ("Nytt hyresavtal", "Jag har fått ett nytt hyresavtal. Ska jag skicka det till er?", None),
]


def create(rng: random.Random) -> None:
    own = random.Random(rng.random())
    citizens = [
        user
        for user in User.objects.filter(username__startswith="demo-", role=Role.CITIZEN).order_by(
            "username"
        )
        if case_selectors.cases_for_citizen(user=user).exists()
    ]
    if not citizens or selectors.threads_for_citizen(user=citizens[0]).exists():
        return
    worker = User.objects.filter(role=Role.ARBETSMARKNADSSEKRETERARE).order_by("pk").first()
    for citizen, (subject, question, answer) in zip(citizens, CONVERSATIONS, strict=False):
        case = case_selectors.cases_for_citizen(user=citizen).first()
        assert case is not None
        thread = services.thread_start(case=case, by=citizen, subject=subject, body=question)
        if answer and worker is not None:
            services.message_send(thread=thread, by=worker, body=answer, from_unit=True)
    pending = [
        (citizen, decision)
        for citizen in citizens
        for case in case_selectors.cases_for_citizen(user=citizen)
        if (decision := selectors.satisfaction_question_for(case_id=case.pk)) is not None
    ]
    for index, (citizen, decision) in enumerate(pending[1:]):  # the first is left to answer
        skipped = index == 0
        services.satisfaction_answer(
            decision=decision,
            by=citizen,
            score=None if skipped else own.choice([2, 3, 4, 4, 5, 5]),
            comment="" if skipped else own.choice(["", "Det gick snabbt.", "Enkelt att söka."]),
        )
