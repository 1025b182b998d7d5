"""Models of payments. Other apps read them through selectors, never directly.

Exactly once (docs/adr/0008-payments-exactly-once.md):
- a `PaymentOrder` per granted decision, unique on `decision_id` in the database;
- a `PaymentFile` per requested execution date, unique on that date; the orders it pays are
  assigned to it in the transaction that creates it and never change afterwards, and its pain.001
  content is rendered once from those orders and stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    HELD = "held", _("Stoppad – behöver åtgärdas")
    READY = "ready", _("Väntar på betalfil")
    IN_FILE = "in_file", _("I betalfil")
    PAID = "paid", _("Utbetald")
    RETURNED = "returned", _("Kom tillbaka")


class OrderKind(models.TextChoices):
    """Whom a payment line of a decision pays (docs/adr/0175-rent-to-landlord-and-camt054.md)."""

    CITIZEN = "citizen", _("Till den sökande")
    RENT = "rent", _("Hyra direkt till hyresvärden")


class AccountScheme(models.TextChoices):
    """How the creditor's account is given in the pain.001 (Swedish domestic payments)."""

    BBAN = "bban", _("Bankkonto")
    BANKGIRO = "bankgiro", _("Bankgiro")
    PLUSGIRO = "plusgiro", _("Plusgiro")


class BankStatus(models.TextChoices):
    """ISO 20022 transaction status codes in a pain.002, and the booking in a camt.054, as
    Swedish labels."""

    RECEIVED = "RCVD", _("Mottagen av banken")
    ACCEPTED = "ACCP", _("Godkänd av banken")
    ACCEPTED_SETTLEMENT = "ACSP", _("Godkänd, betalning pågår")
    SETTLED = "ACSC", _("Betald av banken")
    PENDING = "PDNG", _("Väntar hos banken")
    REJECTED = "RJCT", _("Avvisad av banken")
    BOOKED = "BOOK", _("Bokförd: pengarna har dragits från kommunens konto")


class PaymentOrder(models.Model):
    """One payment line of one decision: to the citizen, and (when the decision says so) the
    rent straight to the landlord. A decision never has two lines of the same kind (database
    constraint)."""

    decision_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=OrderKind.choices, default=OrderKind.CITIZEN)
    case_id = models.BigIntegerField(db_index=True)
    application_id = models.BigIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    payment_date = models.DateField(db_index=True)
    # ISO 20022 EndToEndId (max 35 characters), derived from the decision: stable across retries.
    end_to_end_id = models.CharField(max_length=35, unique=True)
    creditor_name = models.CharField(max_length=140)
    clearing = models.CharField(max_length=5, blank=True)
    account = models.CharField(max_length=15, blank=True)
    # Bankgiro and plusgiro lines (the landlord) carry their number here, clearing empty.
    account_scheme = models.CharField(
        max_length=10, choices=AccountScheme.choices, default=AccountScheme.BBAN
    )
    # The landlord's OCR number (structured reference in the pain.001), when there is one.
    creditor_reference = models.CharField(max_length=25, blank=True)
    remittance = models.CharField(max_length=140)
    status = models.CharField(max_length=10, choices=OrderStatus.choices, db_index=True)
    # Why a HELD order cannot be paid yet (Swedish, shown to staff).
    hold_reason = models.CharField(max_length=300, blank=True)
    file = models.ForeignKey(
        "PaymentFile", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    # The bank's latest word on this payment (pain.002 status report, imported by staff).
    bank_status = models.CharField(max_length=4, choices=BankStatus.choices, blank=True)
    bank_status_reason = models.CharField(max_length=300, blank=True)
    bank_status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision_id", "kind"], name="one_payment_per_decision_and_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(file__isnull=True)
                | models.Q(status__in=["in_file", "paid", "returned"]),
                name="payment_in_file_only_when_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "payment_date"]),
            # What was paid per month (the follow-up dashboard, every request; issue 16 item 5):
            # read from the index alone on PostgreSQL, not from the orders' rows.
            models.Index(
                fields=["payment_date"],
                include=["amount"],
                condition=models.Q(status="paid"),
                name="payment_paid_by_date",
            ),
        ]

    def __str__(self) -> str:
        return f"payment {self.end_to_end_id} ({self.amount} kr, {self.status})"


class FileStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Betalningar tilldelade")
    WRITTEN = "written", _("Fil skapad")
    SENT = "sent", _("Skickad till banken")


class PaymentFile(models.Model):
    """The pain.001 file for one requested execution date: generated once, then always the same."""

    execution_date = models.DateField(unique=True)
    msg_id = models.CharField(max_length=35, unique=True)
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=FileStatus.choices)
    number_of_transactions = models.PositiveIntegerField(default=0)
    control_sum = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    content = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.msg_id} ({self.number_of_transactions} payments, {self.control_sum} kr)"


class PaymentReturn(models.Model):
    """A payment the bank sent back (closed account, wrong number …). At most one per order."""

    order = models.OneToOneField(PaymentOrder, on_delete=models.PROTECT, related_name="returned")
    returned_on = models.DateField()
    reason_code = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=300)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"return of {self.order_id}"


class RecoveryGround(models.TextChoices):
    """The ground for an återkrav in SoL (2025:400) 33 kap. (verified, law-2026.md §1 (f))."""

    WRONGLY_PAID = "33:1", _("Felaktigt eller med för högt belopp (33 kap. 1 §)")
    ADVANCE = (
        "33:2",
        _("Förskott, arbetskonflikt eller egna medel som inte kunde användas (33 kap. 2 §)"),
    )
    CONDITION = (
        "33:3",
        _("Bistånd utöver rätten, beviljat med villkor om återbetalning (33 kap. 3 §)"),
    )


class FraudAssessment(models.TextChoices):
    """A person's assessment whether to report under bidragsbrottslagen (2007:612)."""

    NOT_ASSESSED = "", _("Inte bedömt")
    REPORT = "report", _("Anmäls enligt bidragsbrottslagen")
    NO_REPORT = "no_report", _("Anmäls inte")


RECOVERY_LETTER_FORMAT = 2


class RecoveryClaim(models.Model):
    """Återkrav: a claim to pay back assistance wrongly paid. Recorded, never paid out.

    The claim is the nämnd's återkrav decision: its ground (33 kap. 1–3 §§), its own letter with
    the appeal notice, any eftergift (33 kap. 6 §) and a person's assessment whether the money
    wrongly paid is reported under bidragsbrottslagen (never decided by the robot)."""

    case_id = models.BigIntegerField(db_index=True)
    decision_id = models.BigIntegerField(db_index=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.TextField()
    legal_basis = models.CharField(max_length=300)
    post_check = models.ForeignKey(
        "PostCheck", on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ground = models.CharField(
        max_length=8, choices=RecoveryGround.choices, default=RecoveryGround.WRONGLY_PAID
    )
    letter_html = models.TextField(blank=True)
    # The version of the letter's text it was made with (ADR 0310): 1 until 2026-12-07, whose
    # appeal section offered laglighetsprövning, which the law map does not verify for an
    # återkrav decision; 2 says only what is verified (SoL 2025:400 33 kap. 4–6 §§, 35 kap. 1 §).
    # A stored letter keeps its text; `recovery_letter_render` renders it by its version.
    letter_format = models.PositiveSmallIntegerField(default=RECOVERY_LETTER_FORMAT)
    # The delegationsordning point the återkrav was decided under (its `aterkrav` point).
    delegation_reference = models.CharField(max_length=300, blank=True)
    # Eftergift (33 kap. 6 §): the part of the claim the nämnd has waived.
    waived_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    waived_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    fraud_assessment = models.CharField(
        max_length=12, choices=FraudAssessment.choices, default="", blank=True
    )
    fraud_reason = models.TextField(blank=True)
    fraud_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fraud_assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_amount_positive")
        ]

    def __str__(self) -> str:
        return f"återkrav {self.amount} kr for decision {self.decision_id}"


class PostCheckSeed(models.Model):
    """The seed of one month's stickprov draw. Kept so that an auditor can recompute every draw."""

    month = models.DateField(unique=True)  # first day of the month
    seed = models.CharField(max_length=64)  # hex
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"stickprov seed {self.month:%Y-%m}"


class PostCheckDraw(models.Model):
    """The draw for one approval: the inputs, the rule and the result, selected or not."""

    decision_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField()
    application_id = models.BigIntegerField()
    seed = models.ForeignKey(PostCheckSeed, on_delete=models.PROTECT, related_name="draws")
    channel = models.CharField(max_length=10)
    automated = models.BooleanField()
    share = models.DecimalField(max_digits=6, decimal_places=5)
    rule = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)
    selected = models.BooleanField()
    drawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"draw for decision {self.decision_id}: {self.selected}"


class PostCheckOutcome(models.TextChoices):
    CORRECT = "correct", _("Uppgifterna stämde")
    INCORRECT_INFORMATION = "incorrect_information", _("Felaktiga uppgifter")
    AMOUNT_DIFFERENCE = "amount_difference", _("Beloppet skulle ha varit ett annat")


class PostCheck(models.Model):
    """A stickprov: the citizen is asked for the documents of the month; a case worker checks."""

    draw = models.OneToOneField(PostCheckDraw, on_delete=models.PROTECT, related_name="post_check")
    decision_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    channel = models.CharField(max_length=10)
    automated = models.BooleanField()
    month = models.DateField()
    requested_at = models.DateTimeField(auto_now_add=True)
    # What the citizen was asked to show, as she was asked (Min sida shows the same words).
    request_text = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=30, choices=PostCheckOutcome.choices, blank=True)
    # Positive: paid too much; negative: paid too little.
    amount_difference = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["channel", "automated"])]

    def __str__(self) -> str:
        return f"stickprov decision {self.decision_id} {self.outcome or 'open'}"


NOTE_MAX_LENGTH = 2000


class PostCheckDocument(models.Model):
    """A document the citizen uploaded on Min sida for a stickprov. The file itself lives in the
    private data directory, outside the web root (docs/adr/0083, docs/adr/0176); only staff with
    payments access read it, and every read is in the access log."""

    post_check = models.ForeignKey(PostCheck, on_delete=models.PROTECT, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The name the citizen's file had (shown to staff), and the type found by reading its content.
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # The file's name in the private directory: random, never the citizen's.
    stored_name = models.CharField(max_length=80, unique=True)

    def __str__(self) -> str:
        return f"document {self.pk} of stickprov {self.post_check_id}"


class PaymentRun(models.Model):
    """A payment run for one execution date: one person prepares, a second person attests, and
    only then is the pain.001 file made (two-person rule, docs/adr/0125-payment-run-attest.md).

    The database refuses an attester who is also the preparer. What the preparer saw (the number
    of payments and their sum) is stored, and attestation is refused if the due payments changed
    since: the attester approves exactly what was prepared.
    """

    execution_date = models.DateField(unique=True)
    # None: prepared by the scheduled morning job; a person must still attest (docs/adr/0177).
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField()
    number_of_orders = models.PositiveIntegerField()
    control_sum = models.DecimalField(max_digits=14, decimal_places=2)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField(null=True, blank=True)
    file = models.OneToOneField(
        PaymentFile, on_delete=models.PROTECT, null=True, blank=True, related_name="run"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attested_by__isnull=True)
                | ~models.Q(attested_by=models.F("prepared_by")),
                name="payment_run_two_people",
            ),
            models.CheckConstraint(
                condition=models.Q(attested_by__isnull=True, attested_at__isnull=True)
                | models.Q(attested_by__isnull=False, attested_at__isnull=False),
                name="payment_run_attest_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"payment run {self.execution_date} ({self.number_of_orders} payments)"


class EmergencyPayment(models.Model):
    """The payment of a nödprövning, made at once by the means the municipality configured
    (core.emergency): cash from the cash box, a loaded card, or a rekvisition to a supplier. Never
    in a pain.001 file. At most one per nödprövning (database constraint): exactly once."""

    emergency_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    means = models.CharField(max_length=20)  # kontant | kort | leverantor
    supplier = models.CharField(max_length=200, blank=True)
    # The receipt, card or rekvisition number, from the unit's own register.
    reference = models.CharField(max_length=60)
    paid_at = models.DateTimeField()
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="emergency_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return f"nödbistånd {self.amount} kr ({self.means}) for nödprövning {self.emergency_id}"
