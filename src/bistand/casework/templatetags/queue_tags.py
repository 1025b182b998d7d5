"""The queue page's "Fördela" list, rendered once per page instead of once per row and option
(issue 16 item 5: with 13 case workers and 50 rows the template rendered 650 options one tag at
a time, most of the enhetschef's queue page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def assign_options(choices: list[tuple[str, str]], claimed_by_id: Any) -> SafeString:
    """`<option>`s for the worker choices, the one that has the row selected; the same markup
    as `{% for value, label in choices %}<option value="{{ value }}"{% if claimed|stringformat:"s"
    == value %} selected{% endif %}>{{ label }}</option>{% endfor %}`."""
    claimed = str(claimed_by_id)
    return mark_safe(  # noqa: S308 - every part is escaped here
        "".join(
            f'<option value="{conditional_escape(value)}"'
            f"{' selected' if claimed == value else ''}>{conditional_escape(label)}</option>"
            for value, label in choices
        )
    )


def _when(value: Any) -> str:
    """`{{ value|date:"j b H:i" }}` for an aware time (the filter converts it to local time)."""
    return str(conditional_escape(formats.date_format(localtime(value), "j b H:i")))


def _reasons(row: Any) -> str:
    if not row.reasons:
        return ""
    items = "".join(f"<li>{conditional_escape(reason)}</li>" for reason in row.reasons)
    return f'<ul class="reasons">{items}</ul>'


def _due(row: Any, lead: bool) -> str:
    out = f'<span class="when">{_when(row.due_at)}</span>' if row.due_at else ""
    if row.overdue:
        out += (
            f'<br><strong class="overdue-flag">{conditional_escape(_("Försenad:"))}</strong> '
            f"{conditional_escape(_('skulle ha varit beslutad'))}"
        )
        if lead and row.escalated:
            out += f" · {conditional_escape(_('eskalerad till enhetschef'))}"
    return out


@register.simple_tag(takes_context=True)
def queue_group(context: Context, group: Any) -> SafeString:
    """One group of the queue table (`<tbody>`: the application's row and the case's other
    items under it), rendered in Python: the same markup, byte for byte, as the template it
    replaces (the queue page's test compares them), for a fifth of the CPU time per row (issue
    16 item 5: the fifty rows were half the queue page's time)."""
    row = group.lead
    e = conditional_escape
    # What is the same on every row is made once per page (the render's own cache).
    shared = context.render_context.get("queue_group")
    if shared is None:
        shared = context.render_context["queue_group"] = {
            "labels": (
                e(_("Varför en handläggare behövs")),
                e(_("Kanal")),
                e(_("Kom in")),
                e(_("Senast klart")),
                e(_("Handläggare")),
            ),
            "nobody": e(_("Ingen har tagit ärendet")),
            "same_case": e(_("I samma ärende:")),
            "options": {},
        }
    l_reasons, l_channel, l_received, l_due, l_worker = shared["labels"]
    number = _("ärende %(number)s") % {"number": e(row.case_number)}
    household = f" · {e(row.household_label)}" if row.household_label else ""
    worker = e(row.claimed_by_label) if row.claimed_by_label else shared["nobody"]
    form = ""
    if context.get("can_assign") and row.application_id:
        pk = row.application_id
        action = e(reverse("casework:assign", args=[pk]))
        label = _("Fördela ärende %(number)s till") % {"number": e(row.case_number)}
        empty = (
            f'<option value="" selected>{e(_("Välj handläggare"))}</option>'
            if not row.claimed_by_id
            else ""
        )
        options = shared["options"].get(row.claimed_by_id)
        if options is None:
            options = shared["options"][row.claimed_by_id] = assign_options(
                context.get("worker_choices") or [], row.claimed_by_id
            )
        button = e(_("Flytta")) if row.claimed_by_id else e(_("Fördela"))
        form = (
            f'\n      <form method="post" action="{action}" class="assign-form">\n'
            f"        {CsrfTokenNode().render(context)}\n"
            f'        <label for="id_assign_{pk}" class="visually-hidden">{label}</label>\n'
            f'        <select id="id_assign_{pk}" name="handlaggare">\n'
            f"          {empty}{options}\n"
            f"        </select>\n"
            f'        <button class="button button-secondary" type="submit">{button}</button>\n'
            f"      </form>\n"
            f"      "
        )
    parts = [
        '  <tbody class="queue-group">\n'
        "  \n"
        f'  <tr class="{"queue-row-overdue" if row.overdue else ""}">\n'
        f'    <th scope="row"><a href="{e(row.url)}">{e(row.kind_label)}: {number}</a><br>'
        f'<span class="hint">{e(row.title)}{household}</span></th>\n'
        f'    <td data-label="{l_reasons}">{_reasons(row)}</td>\n'
        f'    <td data-label="{l_channel}">{e(row.channel_label)}</td>\n'
        f'    <td data-label="{l_received}"><span class="when">{_when(row.received_at)}'
        "</span></td>\n"
        f'    <td data-label="{l_due}">{_due(row, True)}</td>\n'
        f'    <td data-label="{l_worker}">{worker}\n'
        f"      {form}\n"
        "    </td>\n"
        "  </tr>\n"
        "  \n"
        "  "
    ]
    same_case = shared["same_case"]
    for other in group.others:
        claimed = e(other.claimed_by_label) if other.claimed_by_label else ""
        parts.append(
            "\n"
            f'  <tr class="queue-sub{" queue-row-overdue" if other.overdue else ""}">\n'
            f'    <th scope="row"><span class="visually-hidden">{same_case} </span>'
            f'<a href="{e(other.url)}">{e(other.kind_label)}</a><br>'
            f'<span class="hint">{e(other.title)}</span></th>\n'
            f'    <td data-label="{l_reasons}">{_reasons(other)}</td>\n'
            f'    <td data-label="{l_channel}">{e(other.channel_label)}</td>\n'
            f'    <td data-label="{l_received}"><span class="when">{_when(other.received_at)}'
            "</span></td>\n"
            f'    <td data-label="{l_due}">{_due(other, False)}</td>\n'
            f'    <td data-label="{l_worker}">{claimed}</td>\n'
            "  </tr>\n"
            "  "
        )
    parts.append("\n  </tbody>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped here
