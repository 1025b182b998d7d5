"""The journal (social documentation): time, author, text; never edited, only amended. Requests
for completion with a due date that the citizen sees on Min sida."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.cases.models import CaseEvent
from bistand.casework import events as casework_events
from bistand.casework import services
from bistand.casework.models import JournalEntry
from tests.factories import client_for


def test_journal_entry_records_time_author_and_text(eva, routed):
    response = client_for(eva).post(
        reverse("casework:journal", args=[routed.pk]), {"text": "Ringde sökande om hyran."}
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.author == eva and entry.author_label == "Eva Ekonom"
    assert entry.case_id == routed.case_id
    assert entry.text == "Ringde sökande om hyran."
    assert abs(entry.at - timezone.now()) < timedelta(minutes=1)
    page = client_for(eva).get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "Ringde sökande om hyran." in page and "Eva Ekonom" in page


def test_a_journal_entry_is_never_edited_only_amended(eva, elin, routed):
    first = services.journal_entry_add(author=eva, application=routed, text="Hyra 6 500 kr.")
    first.text = "Hyra 7 500 kr."
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        first.delete()
    response = client_for(elin).post(
        reverse("casework:journal", args=[routed.pk]),
        {"text": "Rättelse: hyran är 7 500 kr enligt kontraktet.", "amends": str(first.pk)},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.text == "Hyra 6 500 kr."
    amendment = JournalEntry.objects.get(amends=first)
    assert amendment.author == elin
    page = client_for(eva).get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "tillägg till anteckningen" in page


def test_an_empty_journal_entry_gets_a_message_at_the_field(eva, routed):
    response = client_for(eva).post(reverse("casework:journal", args=[routed.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "Skriv en anteckning." in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_the_granskare_reads_the_journal_but_cannot_write(gustav, eva, routed):
    services.journal_entry_add(author=eva, application=routed, text="Möte bokat.")
    assert (
        "Möte bokat."
        in client_for(gustav).get(reverse("casework:case", args=[routed.pk])).content.decode()
    )
    response = client_for(gustav).post(
        reverse("casework:journal", args=[routed.pk]), {"text": "Försök."}
    )
    assert response.status_code == 403
    assert JournalEntry.objects.count() == 1


def test_completion_request_with_due_date_shows_on_min_sida(eva, citizen, routed):
    due = timezone.localdate() + timedelta(days=7)
    response = client_for(eva).post(
        reverse("casework:completion", args=[routed.pk]),
        {"text": "Skicka hyresavtalet.", "due_date": f"{due:%Y-%m-%d}"},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(application=routed, kind=casework_events.COMPLETION_REQUESTED)
    assert event.actor == eva and event.data["due_date"] == f"{due:%Y-%m-%d}"
    page = client_for(citizen).get(reverse("applications:min_sida")).content.decode()
    assert "Komplettera din ansökan" in page
    assert "Skicka hyresavtalet." in page


def test_completion_due_date_in_the_past_is_refused_at_the_field(eva, routed):
    data = {"text": "Skicka hyresavtalet.", "due_date": f"{timezone.localdate():%Y-%m-%d}"}
    response = client_for(eva).post(reverse("casework:completion", args=[routed.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sista dagen måste vara efter i dag." in page
    assert "Skicka hyresavtalet." in page
