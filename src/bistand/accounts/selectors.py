"""Reads about users."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import User


def demo_users() -> QuerySet[User]:
    """Users created by the demo data: citizens first, then staff by role."""
    return User.objects.filter(username__startswith="demo-").order_by("role", "username")
