"""Free text from a form: stripped, length-limited, control characters refused in Swedish."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LongTextField(forms.CharField):
    """A textarea whose over-long or control-character input gets a clear message at the field
    (and keeps what was written, since the bound form is shown again)."""

    def __init__(self, *args: Any, max_length: int, rows: int = 6, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(*args, **kwargs)
        self._limit = max_length
        self.widget.attrs["maxlength"] = str(max_length)

    def to_python(self, value: Any) -> str:
        # Checked before Django's own validators, so that every refusal reads the same.
        text = (super().to_python(value) or "").replace("\r\n", "\n").strip()
        if len(text) > self._limit:
            raise forms.ValidationError(
                _("Texten är för lång (%(length)s tecken). Skriv högst %(limit)s tecken.")
                % {"length": len(text), "limit": self._limit}
            )
        if _CONTROL.search(text):
            raise forms.ValidationError(
                _("Texten innehåller tecken som inte går att spara. Skriv bara vanlig text.")
            )
        return text
