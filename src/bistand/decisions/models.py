"""Calculations, triage outcomes and decisions (FL 31 §). All immutable once written."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .legal import is_utover, post_labels
from .letter_formats import CURRENT as LETTER_FORMAT_CURRENT


class ImmutableModel(models.Model):
    """A record that is written once and never changed: a decision is a fact of history."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} is immutable once made")
        super().save(*args, **kwargs)


class Calculation(ImmutableModel):
    """One run of the rules engine: its exact input, output, rules version and parameters."""

    application_id = models.BigIntegerField(db_index=True)
    rules_version = models.CharField(max_length=40)
    input = models.JSONField()
    output = models.JSONField()
    register_snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calculation {self.pk} for application {self.application_id}"


class Triage(ImmutableModel):
    """Whether the automated decision function may decide, and if not, why (machine-readable)."""

    application_id = models.BigIntegerField(unique=True)
    automated = models.BooleanField()
    # [{"code": "new_application", "text": "Nyansökan: ..."}]
    reasons = models.JSONField(default=list)
    delegation_reference = models.CharField(max_length=300)
    calculation = models.ForeignKey(Calculation, on_delete=models.PROTECT, null=True)
    # Indexed: the follow-up dashboard asks for the triage results written after its fold.
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"triage for application {self.application_id}: automated={self.automated}"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Beviljas")
    PARTLY_GRANTED = "partly_granted", _("Beviljas delvis")
    REJECTED = "rejected", _("Avslås")


class Decision(ImmutableModel):
    """A decision per FL 31 §: date, content per post, who decided (a named case worker, or the
    automated decision function with the delegation it decided under)."""

    application_id = models.BigIntegerField()
    case_id = models.BigIntegerField(db_index=True)
    # A changed decision (omprövning, appeal) supersedes the earlier one; the first has none.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)
    delegation_reference = models.CharField(max_length=300)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    period_start = models.DateField()
    period_end = models.DateField()
    # [{"post": "forsorjningsstod", "label": "...", "applied": "…", "granted": "…", "refused":
    #   "…", "outcome": "granted", "reason": "…", "legal_source": "…"}]
    posts = models.JSONField()
    motivering = models.JSONField()
    calculation = models.ForeignKey(Calculation, on_delete=models.PROTECT)
    payment_date = models.DateField(null=True, blank=True)
    letter_html = models.TextField()
    # What the letter shows besides the decision, as it was when the decision was made
    # (addressee, the unit's contact details, case worker, where to appeal): replay renders the
    # letter from these. Empty for letters made before it was recorded (those render as then).
    letter_details = models.JSONField(default=dict, blank=True)
    # How the letter formats amounts and the period (decisions.letter_formats): replay renders
    # the letter again with the same format. Letters made before it was recorded have 1.
    letter_format = models.PositiveSmallIntegerField(default=LETTER_FORMAT_CURRENT)
    # The part of the amount paid straight to the landlord, when the decision says so
    # (docs/adr/0175): {"amount": "6200.00", "landlord": "…", "scheme": "bankgiro"|"plusgiro",
    # "account": "…", "ocr": "…", "message": "…"}. Empty: everything is paid to the citizen.
    rent_to_landlord = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application_id"],
                condition=models.Q(supersedes__isnull=True),
                name="one_original_decision_per_application",
            )
        ]
        # The follow-up dashboard reads the decisions of a month by when they were made, and
        # whether an application's first decision granted anything (issue 16 item 5): the second
        # index answers that from the index alone, without reading the decisions' rows (about
        # 1 kB each, with their explanation).
        indexes = [
            models.Index(fields=["decided_at"], name="decision_decided_at"),
            models.Index(
                fields=["application_id", "outcome", "amount"],
                condition=models.Q(supersedes__isnull=True),
                name="decision_first_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"decision {self.pk} ({self.outcome}, {self.amount} kr)"

    @property
    def automated(self) -> bool:
        return self.decided_by_id is None

    # Bistånd utöver (12 kap. 2 §) is not appealed to förvaltningsrätten; only laglighetsprövning
    # (kommunallagen 13 kap.). The posts say which is which, by their lagrum (ADR 0310).

    @property
    def utover_posts(self) -> list[dict[str, Any]]:
        return [
            p for p in self.posts or [] if is_utover(p.get("legal_source", ""), self.period_start)
        ]

    @property
    def appealable_posts(self) -> list[dict[str, Any]]:
        utover = self.utover_posts
        return [p for p in self.posts or [] if p not in utover]

    @property
    def only_utover(self) -> bool:
        """Every post is bistånd utöver: nothing in it can be appealed to förvaltningsrätten."""
        return bool(self.posts) and not self.appealable_posts

    @property
    def appealable_labels(self) -> str:
        return post_labels(self.appealable_posts)

    @property
    def utover_labels(self) -> str:
        return post_labels(self.utover_posts)


class DeliveryChannel(models.TextChoices):
    MIN_SIDA = "min_sida", _("Min sida")
    POST = "post", _("Brev med post")
    DIGITAL_MAILBOX = "digital_mailbox", _("Digital brevlåda")


class Delivery(models.Model):
    """How one decision letter reached the citizen, per channel (FL 33 §, 44 §).

    `sent_at`: published on Min sida, put in a print batch or sent to the digital mailbox.
    `received_at`: when the citizen got it: first opened on Min sida by someone in the
    household, delivered by post (recorded by staff) or opened in the digital mailbox. The
    appeal period runs from the earliest `received_at` of the decision (FL 44 §)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=20, choices=DeliveryChannel.choices)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    # The print batch or the digital mailbox's message id; for post, who recorded delivery.
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "channel"], name="one_delivery_per_channel")
        ]

    def __str__(self) -> str:
        return f"delivery of decision {self.decision_id} by {self.channel}"


class LetterPreference(models.Model):
    """A citizen's choice to get decision letters by post as well as on Min sida."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_preference"
    )
    by_post = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"letter preference of user {self.user_id}"


class StandaloneLetterKind(models.TextChoices):
    RECOVERY = "aterkrav", _("Beslut om återkrav")
    EMERGENCY = "nodprovning", _("Beslut efter nödprövning")


class StandaloneLetter(models.Model):
    """A decision letter that is not a `Decision` on a month's application: an återkrav decision
    (SoL 2025:400 33 kap.) or a nödprövning. Published on Min sida and delivered by the same
    channels as the decision letters (post, the digital mailbox); the appeal period runs from
    the first delivery (FL 44 §). Written once; its deliveries are `StandaloneDelivery`."""

    case_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=20, choices=StandaloneLetterKind.choices)
    # The återkrav (payments.RecoveryClaim) or nödprövning (casework.EmergencyDecision) it is of.
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    html = models.TextField()
    decided_at = models.DateTimeField()
    # The user ids the letter is addressed to: only they (and staff) may read it on Min sida.
    addressee_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_letter_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind} letter {self.pk} in case {self.case_id}"

    @property
    def appealable(self) -> bool:
        """Whether the citizen may appeal it to förvaltningsrätten (förvaltningsbesvär). An
        återkrav decision (SoL 2025:400 33 kap.) is not among the decisions 35 kap. 1 § lists, so
        it can only be tried by laglighetsprövning (KL 13 kap.; FL 2 §) or when the nämnd sues
        for the money (33 kap. 4 §): no appeal period is shown for it (docs/adr/0206)."""
        return self.kind != StandaloneLetterKind.RECOVERY


class StandaloneDelivery(models.Model):
    """How one standalone letter reached the citizen, per channel (as `Delivery`)."""

    letter = models.ForeignKey(
        StandaloneLetter, on_delete=models.PROTECT, related_name="deliveries"
    )
    channel = models.CharField(max_length=20, choices=DeliveryChannel.choices)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "channel"], name="one_standalone_delivery_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"delivery of letter {self.letter_id} by {self.channel}"


class EmergencyDecision(ImmutableModel):
    """A nödprövning: same-day emergency assistance decided by a person with minimal facts
    (issue 12 item 12). Its letter is a `StandaloneLetter`; its payment is made at once
    (payments.EmergencyPayment). The next ordinary application follows it up: a case worker
    sees it there (`EmergencyFollowUp`), and the automated function does not decide that one."""

    case_id = models.BigIntegerField(db_index=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    need = models.CharField(max_length=40)
    need_label = models.CharField(max_length=100)
    applied = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)  # granted (0 when refused)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    facts = models.TextField()  # the situation, in the staff member's words
    reason = models.TextField()  # the motivering in the letter
    means = models.CharField(max_length=20, blank=True)  # kontant | kort | leverantor
    supplier = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)
    delegation_reference = models.CharField(max_length=300)
    letter_html = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) & models.Q(applied__gt=0),
                name="emergency_amounts",
            )
        ]

    def __str__(self) -> str:
        return f"nödprövning {self.pk} ({self.outcome}, {self.amount} kr)"


class EmergencyFollowUp(models.Model):
    """The ordinary application in which a case worker followed up a nödprövning."""

    emergency = models.OneToOneField(
        EmergencyDecision, on_delete=models.PROTECT, related_name="follow_up"
    )
    application_id = models.BigIntegerField()
    decision_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"follow-up of nödprövning {self.emergency_id} in application {self.application_id}"


class PrintBatch(models.Model):
    """Letters by post gathered for the municipality's print-and-mail service (issue 12 item
    3): one PDF/UA file with, per letter, an address sheet for a window envelope followed by the
    letter. Each letter's post delivery is in exactly one batch (`PrintBatchItem`)."""

    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    letter_count = models.PositiveIntegerField()
    page_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"utskriftsbunt {self.pk} ({self.letter_count} brev)"


class PrintBatchItem(models.Model):
    """One letter in a print batch: whom it is addressed to and how it is routed."""

    batch = models.ForeignKey(PrintBatch, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField()
    # Exactly one of the two: a month's decision letter, or an återkrav/nödprövning letter.
    delivery = models.OneToOneField(
        Delivery, on_delete=models.PROTECT, null=True, blank=True, related_name="print_item"
    )
    standalone_delivery = models.OneToOneField(
        StandaloneDelivery,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="print_item",
    )
    case_number = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    addressee = models.CharField(max_length=200)
    # The folkbokföring address on the envelope; empty when routed through Skatteverket.
    address_lines = models.JSONField(default=list)
    via_skatteverket = models.BooleanField(default=False)
    first_page = models.PositiveIntegerField()
    page_count = models.PositiveIntegerField()
    # From the print service's receipt file (docs/adr/0207): printed, handed to the post, or
    # returned undeliverable (with the service's reason). Each is set once.
    printed_on = models.DateField(null=True, blank=True)
    posted_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(null=True, blank=True)
    return_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="one_letter_per_position"),
            models.CheckConstraint(
                condition=models.Q(delivery__isnull=False, standalone_delivery__isnull=True)
                | models.Q(delivery__isnull=True, standalone_delivery__isnull=False),
                name="print_item_is_one_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"brev {self.position} i utskriftsbunt {self.batch_id}"


class PrintSendState(models.TextChoices):
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickad")
    FAILED = "failed", _("Misslyckades")


class PrintBatchSend(models.Model):
    """The sending of one print batch to the print-and-mail service (docs/adr/0207): at most one
    per batch (one-to-one), so a batch is never sent twice. The service's `reference` comes back
    from the upload; the batch's name is the idempotency key, so a retry after a crash in the
    middle of an upload is the same batch to the service, not a second one."""

    batch = models.OneToOneField(PrintBatch, on_delete=models.PROTECT, related_name="send")
    adapter = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=PrintSendState.choices)
    started_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    reference = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # The last receipt file read, and when (the import is idempotent: a row is applied once).
    receipt_read_at = models.DateTimeField(null=True, blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"sändning av utskriftsbunt {self.batch_id} ({self.state})"
