"""Staff pages in a language the staff catalogue has (docs/adr/0195).

The citizen's journey is translated into English and Arabic; the staff pages are translated into
English only. A member of staff whose browser or language choice says Arabic would otherwise get
Swedish text on a page marked ``lang="ar"`` and laid out right to left, which misleads screen
readers (WCAG 2.1, 3.1.1) and mirrors tables of figures. For staff the language falls back to
Swedish when it is not one of ``STAFF_LANGUAGES``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

# The languages the staff pages are translated into (tests/core/test_translations_complete.py).
STAFF_LANGUAGES = frozenset({"sv", "en"})
STAFF_FALLBACK_LANGUAGE = "sv"


class StaffLanguageMiddleware:
    """After authentication: staff get Swedish where their language has no staff translation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = translation.get_language() or STAFF_FALLBACK_LANGUAGE
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "is_case_staff", False)
            and language.split("-")[0] not in STAFF_LANGUAGES
        ):
            translation.activate(STAFF_FALLBACK_LANGUAGE)
            request.LANGUAGE_CODE = STAFF_FALLBACK_LANGUAGE
        return self.get_response(request)
