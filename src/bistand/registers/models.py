"""Models of registers. Other apps read them through selectors, never directly."""

from django.db import models
from django.utils import timezone


class RegisterFetch(models.Model):
    """One question to one SSBTEK source: who asked, why, by what right, and what came back.

    Append-only log (SoL 15 kap. 10–12 §§: every fetch is accounted for). ``subject`` is the
    personnummer the question was about; it is stored here and never written to log output.
    """

    class Status(models.TextChoices):
        OK = "ok", "Svar"
        FAILED = "failed", "Fel"
        TIMEOUT = "timeout", "Inget svar i tid"

    source = models.CharField("källa", max_length=8)
    subject = models.CharField("personnummer", max_length=13)
    case_reference = models.CharField("ärende", max_length=64, db_index=True)
    requested_by = models.CharField("begärd av", max_length=200)
    purpose = models.TextField("syfte")
    legal_basis = models.TextField("lagtext")
    # Why this person's data may be fetched: "samtycke" (their own consent) or
    # "uppgiftsskyldighet" (SoL 15 kap. 10–12 §§); empty in rows written before it was kept.
    ground = models.CharField("grund", max_length=32, blank=True, default="")
    period_start = models.DateField("period från")
    period_end = models.DateField("period till")
    status = models.CharField("status", max_length=16, choices=Status.choices)
    reason = models.CharField("orsak", max_length=64, blank=True)
    detail = models.TextField("beskrivning", blank=True)
    duration_ms = models.PositiveIntegerField("tid (ms)")
    attempts = models.PositiveSmallIntegerField("försök", default=1)
    correlation_id = models.CharField("korrelationsid", max_length=64, db_index=True)
    fetched_at = models.DateTimeField("hämtad", default=timezone.now, db_index=True)
    result = models.JSONField("resultat")

    class Meta:
        verbose_name = "registerhämtning"
        verbose_name_plural = "registerhämtningar"
        ordering = ("fetched_at", "source")
        indexes = (models.Index(fields=("case_reference", "fetched_at")),)

    def __str__(self) -> str:
        # No personnummer here: a model instance may end up in a log line.
        return f"{self.source} {self.case_reference} {self.status} {self.correlation_id}"


class PersonRecord(models.Model):
    """The latest folkbokföring answer about one person (name, address, household, protection).

    Replaced by each successful fetch (the fetch itself is logged in ``RegisterFetch``). For a
    person with sekretessmarkering or skyddad folkbokföring, ``data`` holds no name, address or
    household: only ``protected`` (docs/adr/0150).
    """

    personnummer = models.CharField("personnummer", max_length=13, unique=True)
    protected = models.BooleanField("skyddad folkbokföring", default=False)
    data = models.JSONField("folkbokföringsuppgifter")
    fetched_at = models.DateTimeField("hämtad")
    correlation_id = models.CharField("korrelationsid", max_length=64)

    class Meta:
        verbose_name = "folkbokföringsuppgift"
        verbose_name_plural = "folkbokföringsuppgifter"

    def __str__(self) -> str:
        # No personnummer or name: a model instance may end up in a log line.
        return f"folkbokföring {self.pk} ({self.correlation_id})"
