"""View decorators shared by the apps: who may open a page at all.

Record-level access (whose case, which decision) stays in each app's own access functions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

View = Callable[..., HttpResponse]


def citizen_view(view: View) -> View:
    """Logged in (else the login page), a citizen (staff get 404), never cached."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_citizen", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def staff_view_for(roles: Collection[str]) -> Callable[[View], View]:
    """Logged in, a staff role in `roles` (citizens get 404; other staff, and any
    PermissionDenied raised by the view, a Swedish 403 page that says why)."""

    def decorate(view: View) -> View:
        @login_required
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = getattr(request.user, "role", "")
            if role == "citizen":
                raise Http404
            try:
                if role not in roles:
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            except PermissionDenied:
                return render(request, "core/forbidden.html", status=403)

        return wrapper

    return decorate
