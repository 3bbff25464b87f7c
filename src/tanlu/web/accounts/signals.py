"""Signal handlers of the accounts app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from tanlu.web.accounts.middleware import SESSION_ORGANIZATION_KEY


@receiver(user_logged_in)
def forget_previous_organization(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A new sign-in starts in the user's first organization, never in one chosen by a previous session."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_ORGANIZATION_KEY, None)
