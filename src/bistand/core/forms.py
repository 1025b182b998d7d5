"""The one accessible-form base: every form a person fills in (citizen or staff) gives the page's
error summary its links and ties each field to its hint and error message.

- :meth:`AccessibleForm.error_links`: ``(anchor id, message)`` for the error summary at the top of
  the page, the form's own errors first, then each field's in field order; a group of radio
  buttons is linked to its first button. Where a page asks the same question of several people,
  :meth:`AccessibleForm.error_subject` names whom a message is about (``Barn 2: …``).
- After validation, a field with an error gets ``aria-describedby`` naming its hint (if it has
  one and it is shown) and its error message, the ids that ``core/_field.html`` renders
  (``<auto_id>_helptext``, ``<auto_id>_error``), so a screen reader reads them with the field.
- Labels come from the field's ``label``; ``core/_field.html`` renders label, hint, error and
  field (a fieldset with a legend for a group of radio buttons), ``core/_error_summary.html`` the
  summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

__all__ = ["AccessibleForm", "posted_version"]


class AccessibleForm(forms.Form):
    def error_subject(self, name: str) -> str:
        """Whom or what the field `name` is about when the page asks the same question of several
        (``Barn 2``): the error summary, read away from the field, names it. Default: nothing."""
        return ""

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the error summary, in field order; a message about one of
        several people starts with whom it is about (``Barn 2: Datumet finns inte.``)."""
        links = [("", str(error)) for error in self.non_field_errors()]
        for name, field in self.fields.items():
            subject = self.error_subject(name)
            for error in self.errors.get(name, []):
                anchor = self[name].auto_id or name
                if isinstance(field.widget, forms.RadioSelect):
                    anchor = f"{anchor}_0"
                message = str(error)
                if subject and not message.startswith(f"{subject}:"):
                    message = f"{subject}: {message}"
                links.append((anchor, message))
        return links

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            field = self.fields[name]
            auto_id = self[name].auto_id
            describedby = f"{auto_id}_error"
            # The field template shows no hint beside a single checkbox.
            if field.help_text and not isinstance(field.widget, forms.CheckboxInput):
                describedby = f"{auto_id}_helptext {describedby}"
            field.widget.attrs["aria-describedby"] = describedby


def posted_version(data: Mapping[str, Any]) -> int:
    """The page's hidden ``version`` field: the version of the record the page was made from, so
    that a save on top of a newer version is refused as stale. Missing or not a number: -1 (never
    a real version, so the save is refused and the page shown again)."""
    try:
        return int(str(data.get("version", "")))
    except ValueError:
        return -1
