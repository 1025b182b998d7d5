"""The print batch (issue 12 item 3; docs/adr/0152): letters that go by post, gathered into one
PDF/UA file for the municipality's print-and-mail service.

A letter goes by post when someone in the household chose post, or when nobody opened it on
Min sida within `BISTAND_LETTER_SECOND_CHANNEL_DAYS` and there is no digital mailbox (the
second-channel sweep, ADR 0114). Each such letter has a `Delivery` (or `StandaloneDelivery`)
with channel post that is in no batch yet: that is what :func:`letters_waiting_for_print` lists.

:func:`print_batch_create` asks folkbokföring for today's address of every addressee (the
envelope must carry where the person lives now), then, in one transaction, renders the batch
and records it: per letter an address sheet for a window envelope (name and folkbokföring
address; for a protected identity the personnummer only, routed through Skatteverket's mail
forwarding) followed by the letter itself, and the post delivery's `sent_at` and reference
("utskriftsbunt N"). A letter is in at most one batch (one-to-one), so two people making a batch
at the same time never print a letter twice. A letter whose addressee has no known address is
left waiting, with the reason shown.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from bistand.accounts.models import User
from bistand.applications.models import Application
from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from bistand.cases import selectors as case_selectors
from bistand.core.workdays import decision_due_day
from bistand.registers import selectors as register_selectors
from bistand.registers import services as register_services
from bistand.registers.folkbokforing import FORWARDING_ADDRESS

from . import letters
from .models import (
    Decision,
    Delivery,
    DeliveryChannel,
    PrintBatch,
    PrintBatchItem,
    PrintBatchSend,
    PrintSendState,
    StandaloneDelivery,
    StandaloneLetter,
)
from .print_service import PrintServiceError, parse_receipt, print_service_client

__all__ = [
    "MAX_LETTERS",
    "PrintBatchError",
    "WaitingLetter",
    "letters_waiting_for_print",
    "manifest_csv",
    "print_batch_create",
    "print_batch_name",
    "print_batch_read_record",
    "print_batch_send",
    "print_receipt_import",
    "print_receipts_sweep",
]

logger = logging.getLogger("bistand.decisions.print_batch")

# One batch stays a file a print service takes in one go; the rest waits for the next batch.
MAX_LETTERS = 500
STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


class PrintBatchError(Exception):
    """Nothing to print, or another batch took the letters first (a Swedish message)."""


@dataclass(frozen=True)
class WaitingLetter:
    """A letter by post not yet in a print batch, and where it would go."""

    kind: str  # "decision" or "standalone"
    delivery_id: int
    case_number: str
    title: str
    since: datetime
    addressee: User | None
    html: str
    letter_url_name: str
    letter_id: int

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.delivery_id}"


@dataclass(frozen=True)
class Route:
    """Where the envelope goes: the folkbokföring address, or Skatteverket's forwarding."""

    name: str
    lines: tuple[str, ...]
    via_skatteverket: bool
    problem: str = ""  # why it cannot be printed yet (no known address)
    not_asked: bool = False  # folkbokföring never asked: it is, when the batch is made


def letters_waiting_for_print() -> list[WaitingLetter]:
    """Every letter by post that is in no print batch yet, oldest first."""
    waiting: list[WaitingLetter] = []
    decision_deliveries = list(
        Delivery.objects.filter(
            channel=DeliveryChannel.POST, received_at__isnull=True, print_item__isnull=True
        )
        .select_related("decision")
        .order_by("sent_at", "pk")
    )
    applications = {
        a.pk: a
        for a in Application.objects.filter(
            pk__in=[d.decision.application_id for d in decision_deliveries]
        ).select_related("case__applicant")
    }
    for delivery in decision_deliveries:
        decision: Decision = delivery.decision
        application = applications[decision.application_id]
        waiting.append(
            WaitingLetter(
                kind="decision",
                delivery_id=delivery.pk,
                case_number=application.case.number,
                title=_("Beslut om ekonomiskt bistånd"),
                since=delivery.sent_at,
                addressee=application.case.applicant,
                html=decision.letter_html,
                letter_url_name="decisions:letter",
                letter_id=decision.pk,
            )
        )
    standalone = list(
        StandaloneDelivery.objects.filter(
            channel=DeliveryChannel.POST, received_at__isnull=True, print_item__isnull=True
        )
        .select_related("letter")
        .order_by("sent_at", "pk")
    )
    cases = case_selectors.cases_by_ids(case_ids=[d.letter.case_id for d in standalone])
    for sdelivery in standalone:
        letter: StandaloneLetter = sdelivery.letter
        first = User.objects.filter(pk__in=letter.addressee_ids or []).order_by("pk").first()
        case = cases.get(letter.case_id)
        waiting.append(
            WaitingLetter(
                kind="standalone",
                delivery_id=sdelivery.pk,
                case_number=case.number if case else "",
                title=letter.title,
                since=sdelivery.sent_at,
                addressee=first or (case.applicant if case else None),
                html=letter.html,
                letter_url_name="decisions:standalone_letter",
                letter_id=letter.pk,
            )
        )
    waiting.sort(key=lambda w: (w.since, w.key))
    return waiting


def route_for(person: User | None) -> Route:
    """The envelope's addressee from the latest folkbokföring answer about `person`."""
    if person is None or not person.personnummer:
        return Route("", (), False, _("Mottagaren saknas."))
    record = register_selectors.person_record(personnummer=person.personnummer)
    if record is None:
        return Route(
            person.display_name,
            (),
            False,
            _("Ingen folkbokföringsadress är hämtad. Hämta den på personens sida."),
            not_asked=True,
        )
    if record.protected:
        # Skatteverket's instruction: the recipient's personnummer on the sealed inner
        # envelope; the outer envelope goes to Skatteverket's mail forwarding.
        return Route(person.display_name, (person.personnummer,), True)
    data = record.data
    name = data.name.display if data.name is not None else person.display_name
    if data.address is None:
        return Route(name, (), False, _("Folkbokföringen har ingen adress för personen."))
    return Route(name, tuple(data.address.lines()), False)


def _refresh_addresses(waiting: list[WaitingLetter], *, by: User) -> None:
    """Ask folkbokföring about every addressee once (outside any transaction). A failed answer
    keeps the last known address; the fetch is logged either way."""
    seen: set[str] = set()
    for letter in waiting:
        person = letter.addressee
        if person is None or not person.personnummer or person.personnummer in seen:
            continue
        seen.add(person.personnummer)
        register_services.folkbokforing_fetch(
            personnummer=person.personnummer,
            case_reference=letter.case_number,
            requested_by=by.display_name or by.username,
        )


def batch_html(batch_number: int, entries: list[tuple[WaitingLetter, Route]]) -> str:
    """The batch as one HTML document: per letter its address sheet, then the letter."""
    styles: list[str] = []
    items = []
    for position, (letter, route) in enumerate(entries, start=1):
        for style in STYLE.findall(letter.html):
            if style not in styles:
                styles.append(style)
        items.append(
            {
                "position": position,
                "letter": letter,
                "route": route,
                "article": letters.letter_article(letter.html),
            }
        )
    return render_to_string(
        "decisions/print_batch.html",
        {
            "batch_number": batch_number,
            "items": items,
            "total": len(items),
            "letter_styles": mark_safe("\n".join(styles)),  # noqa: S308 (our own template's CSS)
            "forwarding": FORWARDING_ADDRESS,
        },
    )


def _render(batch_number: int, entries: list[tuple[WaitingLetter, Route]]) -> tuple[bytes, Any]:
    from weasyprint import HTML

    document = HTML(
        string=batch_html(batch_number, entries),
        base_url=letters.LETTER_BASE_URL,
        url_fetcher=letters.StaticFilesOnlyFetcher(),
    ).render(pdf_variant="pdf/ua-1")
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return bytes(pdf), document


def _pages(document: Any, count: int) -> list[tuple[int, int]]:
    """(first page, page count) per letter, from the anchors of the address sheets."""
    starts: dict[int, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith("brev-"):
                starts.setdefault(int(anchor[5:]), number)
    total = len(document.pages)
    out = []
    for position in range(1, count + 1):
        first = starts[position]
        following = starts.get(position + 1, total + 1)
        out.append((first, following - first))
    return out


def print_batch_create(*, by: User, now: datetime | None = None) -> PrintBatch:
    """Gather every letter waiting for post (at most MAX_LETTERS) that has an address into a
    new print batch and record each letter's post delivery as sent in it. Raises
    PrintBatchError when nothing can be printed or another batch took the letters first."""
    waiting = letters_waiting_for_print()[:MAX_LETTERS]
    if not waiting:
        raise PrintBatchError(_("Det finns inga brev som väntar på utskrift."))
    _refresh_addresses(waiting, by=by)
    entries = [(letter, route_for(letter.addressee)) for letter in waiting]
    printable = [(letter, route) for letter, route in entries if not route.problem]
    if not printable:
        raise PrintBatchError(
            _(
                "Inget brev kan skrivas ut: folkbokföringen svarade inte eller har ingen adress "
                "för mottagarna. Försök igen senare."
            )
        )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # The letters must still be waiting: another batch may have taken them meanwhile.
            decision_ids = [w.delivery_id for w, _r in printable if w.kind == "decision"]
            standalone_ids = [w.delivery_id for w, _r in printable if w.kind == "standalone"]
            locked = len(
                Delivery.objects.select_for_update(of=("self",))
                .filter(pk__in=decision_ids, print_item__isnull=True)
                .values_list("pk", flat=True)
            ) + len(
                StandaloneDelivery.objects.select_for_update(of=("self",))
                .filter(pk__in=standalone_ids, print_item__isnull=True)
                .values_list("pk", flat=True)
            )
            if locked != len(printable):
                raise PrintBatchError(
                    _("Någon annan skapade en utskriftsbunt samtidigt. Ladda om sidan.")
                )
            batch = PrintBatch.objects.create(
                created_at=now,
                created_by=by,
                pdf=b"",
                pdf_sha256="",
                letter_count=len(printable),
                page_count=0,
            )
            pdf, document = _render(batch.pk, printable)
            pages = _pages(document, len(printable))
            for position, ((letter, route), (first, count)) in enumerate(
                zip(printable, pages, strict=True), start=1
            ):
                PrintBatchItem.objects.create(
                    batch=batch,
                    position=position,
                    delivery_id=letter.delivery_id if letter.kind == "decision" else None,
                    standalone_delivery_id=letter.delivery_id
                    if letter.kind == "standalone"
                    else None,
                    case_number=letter.case_number,
                    title=str(letter.title)[:200],
                    addressee=route.name[:200],
                    address_lines=[] if route.via_skatteverket else list(route.lines),
                    via_skatteverket=route.via_skatteverket,
                    first_page=first,
                    page_count=count,
                )
                model = Delivery if letter.kind == "decision" else StandaloneDelivery
                model.objects.filter(pk=letter.delivery_id).update(
                    sent_at=now, reference=f"utskriftsbunt {batch.pk}"
                )
            batch.pdf = pdf
            batch.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            batch.page_count = len(document.pages)
            batch.save(update_fields=["pdf", "pdf_sha256", "page_count"])
            access_log_record(
                user=by,
                action=AccessAction.EXPORT,
                object_type="print_batch",
                object_id=batch.pk,
                reason=f"Utskriftsbunt med {len(printable)} brev",
            )
    except IntegrityError:
        raise PrintBatchError(
            _("Någon annan skapade en utskriftsbunt samtidigt. Ladda om sidan.")
        ) from None
    logger.info(
        "print batch %s: %s letters, %s pages", batch.pk, batch.letter_count, batch.page_count
    )
    return batch


def manifest_csv(batch: PrintBatch) -> str:
    """The print service's list: one row per letter, in the PDF's order, with its pages and
    whether it goes through Skatteverket's mail forwarding (in an outer envelope)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "lopnummer",
            "arende",
            "mottagare",
            "adress",
            "via_skatteverket",
            "forsta_sida",
            "antal_sidor",
        ]
    )
    for item in batch.items.all():
        writer.writerow(
            [
                item.position,
                item.case_number,
                item.addressee,
                " / ".join(item.address_lines)
                if not item.via_skatteverket
                else " / ".join(FORWARDING_ADDRESS),
                "ja" if item.via_skatteverket else "nej",
                item.first_page,
                item.page_count,
            ]
        )
    return out.getvalue()


def print_batch_read_record(*, user: User, batch_id: int | None, reason: str) -> None:
    """A staff read of a print batch (or, with `batch_id` None, of the letters waiting for
    print) in the access log."""
    access_log_record(
        user=user,
        action=AccessAction.READ,
        object_type="print_batch",
        object_id="" if batch_id is None else batch_id,
        reason=reason,
    )


# --- Sending to the print service and reading its receipts (docs/adr/0207) --------------------

# A send that started this long ago and never finished (the process died mid-upload) may be
# tried again; the batch's name keeps the service from printing it twice.
SEND_LEASE = timedelta(minutes=10)
# Marks a post delivery whose day comes from the print service's receipt (posted + N days).
PRESUMED = "antas ha kommit fram"


def print_batch_name(batch: PrintBatch) -> str:
    """The batch's name at the print service and its idempotency key: the number and the start of
    the file's checksum (a reset demo database never reuses a name for another file)."""
    return f"bistand-utskriftsbunt-{batch.pk:06d}-{batch.pdf_sha256[:12]}"


def print_batch_send(*, batch_id: int, by: User, now: datetime | None = None) -> PrintBatchSend:
    """Send one print batch to the configured print service, exactly once: a batch already sent,
    or being sent by someone else, is refused (PrintBatchError, in Swedish)."""
    client = print_service_client()
    if client is None:
        raise PrintBatchError(
            _("Ingen tryckeritjänst är inställd. Ladda ner filen och skicka den själv.")
        )
    now = now or timezone.now()
    adapter = settings.MUNICIPALITY.print_service.adapter
    try:
        with transaction.atomic():
            batch = PrintBatch.objects.select_for_update().defer("pdf").get(pk=batch_id)
            send = PrintBatchSend.objects.select_for_update().filter(batch=batch).first()
            if send is not None and send.state == PrintSendState.SENT:
                raise PrintBatchError(_("Bunten är redan skickad till tryckeriet."))
            if (
                send is not None
                and send.state == PrintSendState.SENDING
                and now - send.started_at < SEND_LEASE
            ):
                raise PrintBatchError(_("Bunten skickas just nu. Ladda om sidan om en stund."))
            if send is None:
                send = PrintBatchSend.objects.create(
                    batch=batch,
                    adapter=adapter,
                    state=PrintSendState.SENDING,
                    started_at=now,
                    attempts=1,
                    sent_by=by,
                )
            else:
                send.state, send.started_at, send.error = PrintSendState.SENDING, now, ""
                send.attempts += 1
                send.sent_by = by
                send.save(update_fields=["state", "started_at", "error", "attempts", "sent_by"])
    except IntegrityError:
        raise PrintBatchError(_("Bunten skickas just nu. Ladda om sidan om en stund.")) from None
    batch = PrintBatch.objects.get(pk=batch_id)
    try:
        reference = client.send(
            name=print_batch_name(batch), pdf=bytes(batch.pdf), manifest=manifest_csv(batch)
        )
    except PrintServiceError as exc:
        PrintBatchSend.objects.filter(pk=send.pk).update(
            state=PrintSendState.FAILED, error=str(exc)[:300]
        )
        logger.warning("print batch %s not sent: %s", batch.pk, exc)
        raise PrintBatchError(
            _("Bunten kunde inte skickas: %(error)s Försök igen.") % {"error": exc}
        ) from None
    with transaction.atomic():
        PrintBatchSend.objects.filter(pk=send.pk).update(
            state=PrintSendState.SENT, sent_at=timezone.now(), reference=reference[:100]
        )
        access_log_record(
            user=by,
            action=AccessAction.EXPORT,
            object_type="print_batch",
            object_id=batch.pk,
            reason=f"Utskriftsbunt skickad till tryckeriet ({adapter})",
        )
    logger.info("print batch %s sent to the print service (%s)", batch.pk, adapter)
    send.refresh_from_db()
    return send


def presumed_delivery_day(posted_on: date) -> date:
    """The day a letter handed to the post is taken to have reached the citizen: the set number
    of working days later (`print_service.delivery_working_days`, provisional)."""
    return decision_due_day(posted_on, settings.MUNICIPALITY.print_service.delivery_working_days)


def _at_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def print_receipt_import(*, batch: PrintBatch, text: str, by: User | None = None) -> dict[str, int]:
    """Apply one receipt file to the batch's letters: printed, posted and returned days, each
    set once (reading the same file again changes nothing). Then, for every letter posted whose
    presumed delivery day has come, the post delivery is recorded as received that day (the
    appeal period runs from it, FL 44 §); a returned letter is not received by post (a day
    presumed earlier is withdrawn). Raises PrintServiceError for a file that does not fit."""
    rows = parse_receipt(text)
    counts = {"printed": 0, "posted": 0, "returned": 0, "received": 0, "unreceived": 0}
    with transaction.atomic():
        items = {
            item.position: item
            for item in PrintBatchItem.objects.select_for_update(of=("self",))
            .filter(batch=batch)
            .select_related("delivery", "standalone_delivery")
        }
        for row in rows:
            item = items.get(row.position)
            if item is None or item.case_number != row.case_number:
                raise PrintServiceError(
                    f"Kvittofilen nämner brev {row.position} ({row.case_number}), som inte finns "
                    f"i utskriftsbunt {batch.pk}."
                )
            field = {"utskriven": "printed_on", "inlamnad": "posted_on", "retur": "returned_on"}[
                row.status
            ]
            if getattr(item, field) is None:
                setattr(item, field, row.day)
                if row.status == "retur":
                    item.return_reason = row.reason
                item.save(update_fields=[field, "return_reason"])
                counts[{"printed_on": "printed", "posted_on": "posted"}.get(field, "returned")] += 1
        today = timezone.localdate()
        for item in items.values():
            delivery = item.delivery or item.standalone_delivery
            assert delivery is not None
            if item.returned_on is not None:
                if delivery.received_at is not None and PRESUMED in delivery.reference:
                    delivery.received_at = None
                    delivery.reference = f"utskriftsbunt {batch.pk}: kom tillbaka"
                    delivery.save(update_fields=["received_at", "reference"])
                    counts["unreceived"] += 1
                elif PRESUMED not in delivery.reference and delivery.received_at is None:
                    delivery.reference = f"utskriftsbunt {batch.pk}: kom tillbaka"
                    delivery.save(update_fields=["reference"])
                continue
            if item.posted_on is None or delivery.received_at is not None:
                continue
            day = presumed_delivery_day(item.posted_on)
            if day > today:
                continue
            delivery.received_at = _at_midnight(day)
            delivery.reference = (
                f"utskriftsbunt {batch.pk}: lämnad till posten {item.posted_on:%Y-%m-%d}, "
                f"{PRESUMED} {day:%Y-%m-%d}"
            )[:100]
            delivery.save(update_fields=["received_at", "reference"])
            counts["received"] += 1
        if by is not None:
            access_log_record(
                user=by,
                action=AccessAction.CHANGE,
                object_type="print_batch",
                object_id=batch.pk,
                reason="Kvitto från tryckeriet inläst",
            )
    return counts


def print_receipts_sweep() -> dict[str, int]:
    """Scheduled: read the receipt of every batch sent to the print service that still has
    letters neither delivered nor returned, and apply it (idempotent)."""
    client = print_service_client()
    totals = {"batches": 0, "failed": 0, "received": 0, "returned": 0}
    if client is None:
        return totals
    open_sends = PrintBatchSend.objects.filter(state=PrintSendState.SENT).select_related("batch")
    for send in open_sends:
        batch = send.batch
        unsettled = batch.items.filter(returned_on__isnull=True).filter(
            models.Q(delivery__received_at__isnull=True, delivery__isnull=False)
            | models.Q(
                standalone_delivery__received_at__isnull=True, standalone_delivery__isnull=False
            )
        )
        if not unsettled.exists():
            continue
        try:
            text = client.receipt(name=print_batch_name(batch), reference=send.reference)
            if text is None:
                continue
            counts = print_receipt_import(batch=batch, text=text)
        except PrintServiceError as exc:
            logger.warning("print batch %s: receipt not read: %s", batch.pk, exc)
            totals["failed"] += 1
            continue
        PrintBatchSend.objects.filter(pk=send.pk).update(
            receipt_read_at=timezone.now(),
            receipt_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )
        totals["batches"] += 1
        totals["received"] += counts["received"]
        totals["returned"] += counts["returned"]
    return totals
