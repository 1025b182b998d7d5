"""The one accessible-form base (core.forms): the error summary links to each wrong field, and
each wrong field names its hint and its error message for a screen reader."""

from __future__ import annotations

from django import forms

from bistand.core.forms import AccessibleForm


class Example(AccessibleForm):
    amount = forms.IntegerField(label="Belopp", help_text="I kronor.")
    choice = forms.ChoiceField(
        label="Val", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Jag intygar", help_text="Krävs.")

    def clean(self):
        super().clean()
        raise forms.ValidationError("Något stämmer inte.")


def test_error_summary_links_in_field_order_with_the_forms_own_error_first():
    form = Example(data={"amount": "x"})
    assert not form.is_valid()
    assert [anchor for anchor, _ in form.error_links()] == [
        "",
        "id_amount",
        "id_choice_0",
        "id_agree",
    ]
    assert form.error_links()[0][1] == "Något stämmer inte."


def test_a_wrong_field_is_described_by_its_hint_and_error():
    form = Example(data={"amount": "x"})
    form.is_valid()
    assert 'aria-describedby="id_amount_helptext id_amount_error"' in str(form["amount"])
    # A single checkbox shows no hint in the field template: only the error is named.
    assert 'aria-describedby="id_agree_error"' in str(form["agree"])


def test_a_right_field_is_not_described_by_an_error():
    form = Example(data={"amount": "5", "choice": "a", "agree": "on"})
    form.is_valid()
    assert "id_amount_error" not in str(form["amount"])
