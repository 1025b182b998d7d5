"""Reads about users."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Role, User


def demo_users() -> QuerySet[User]:
    """Users created by the demo data: citizens first, then staff by role."""
    return User.objects.filter(username__startswith="demo-").order_by("role", "username")


def staff_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(role=role, is_active=True)
