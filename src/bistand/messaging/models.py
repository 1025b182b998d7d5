"""Models of messaging. Other apps read them through selectors, never directly.

Secure messages go between a household and the unit (enheten), never a named worker: a `Thread`
belongs to a case; each `Message` is either from the citizen or from the unit (the staff member
who wrote it is kept for the audit, the citizen sees "Enheten för ekonomiskt bistånd").
A thread waits for the unit while its newest message is the citizen's.

`SatisfactionAnswer` is the short question after each decision ("Hur fungerade det för dig?"):
once per decision, 1–5 and an optional comment, or skipped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

SUBJECT_MAX = 120
BODY_MAX = 4000
COMMENT_MAX = 1000


class Thread(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=SUBJECT_MAX)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)
    # True while the newest message is the citizen's: the thread is in the shared queue.
    awaiting_unit = models.BooleanField(default=True, db_index=True)
    # When the newest unanswered citizen message came in (the queue's "received").
    waiting_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return f"thread {self.pk}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    from_unit = models.BooleanField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=BODY_MAX)
    sent_at = models.DateTimeField(auto_now_add=True)
    # Read by the other side (the unit for a citizen's message, the citizen for the unit's).
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"message {self.pk} in thread {self.thread_id}"


class SatisfactionAnswer(models.Model):
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # 1 (mycket dåligt) … 5 (mycket bra); empty when the citizen skipped the question.
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(max_length=COMMENT_MAX, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(skipped=True, score__isnull=True)
                | models.Q(skipped=False, score__gte=1, score__lte=5),
                name="satisfaction_score_1_to_5_or_skipped",
            )
        ]

    def __str__(self) -> str:
        return f"satisfaction for decision {self.decision_id}"
