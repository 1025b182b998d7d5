"""Error pages in the site layout, in Swedish and English (issue 13 item 9).

- `templates/400.html`, `403.html`, `404.html` are Django's own handlers' templates.
- `server_error` (handler500) renders the same layout when it can, and the standalone bilingual
  `500.html` when even that fails (the database may be what is down).
- `csrf_failure` (CSRF_FAILURE_VIEW) replaces Django's English "403 Forbidden" page.
- `ErrorPagesMiddleware` gives a page to the empty 400/403/404/405 responses that views and
  decorators return (`HttpResponseNotAllowed` from require_http_methods, a bare
  `HttpResponseForbidden`), keeping the status and the Allow header.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("bistand.errors")

PAGES = {
    400: (
        _("Något blev fel i det som skickades"),
        _("Vi kunde inte använda det som skickades. Gå tillbaka till sidan och försök igen."),
    ),
    403: (
        _("Du har inte behörighet"),
        _("Du har inte tillgång till den här sidan eller åtgärden."),
    ),
    404: (_("Sidan finns inte"), _("Kontrollera att adressen är rätt.")),
    405: (
        _("Sidan kan inte användas så"),
        _(
            "Sidan tar inte emot det här anropet. Gå tillbaka och använd knapparna och "
            "länkarna på sidan."
        ),
    ),
    500: (
        _("Något gick fel"),
        _(
            "Det är inte ditt fel. Inget av det du har fyllt i har försvunnit. Försök igen om "
            "en stund."
        ),
    ),
}


def error_page(request: HttpRequest, status: int, text: str = "") -> HttpResponse:
    title, default = PAGES[status]
    return render(
        request,
        "core/error.html",
        {"title": title, "text": text or default, "status": status},
        status=status,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return error_page(request, 500)
    except Exception:  # the layout needs the database (session, user): fall back to plain HTML
        logger.exception("500 page in the site layout failed; plain page instead")
        return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request,
        403,
        str(
            _(
                "Sidan var för gammal eller kom från någon annanstans, så vi tog inte emot det "
                "du skickade. Gå tillbaka, ladda om sidan och försök igen."
            )
        ),
    )


class ErrorPagesMiddleware:
    """An empty 400/403/404/405 response gets the error page (status and headers kept)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in (400, 403, 404, 405)
            and not response.streaming
            and not response.content
        ):
            page = error_page(request, response.status_code)
            for header, value in response.headers.items():  # Allow, Retry-After, …
                if header.lower() not in ("content-type", "content-length"):
                    page[header] = value
            page.cookies = response.cookies
            return page
        return response
