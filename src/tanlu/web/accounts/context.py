"""Template context shared by every page: the product's areas, the user's organizations, the languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    label: Promise
    url_name: str
    icon: str


AREAS = (
    Area("surveys", _("Surveys"), "areas:surveys", "survey"),
    Area("inventory", _("Inventory"), "areas:inventory", "inventory"),
    Area("products", _("Products"), "areas:products", "product"),
    Area("exchange", _("Exchange"), "areas:exchange", "exchange"),
    Area("suppliers", _("Suppliers"), "accounts:suppliers", "suppliers"),
    Area("settings", _("Settings"), "accounts:settings", "settings"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    areas = []
    for area in AREAS:
        url = reverse(area.url_name)
        areas.append(
            {
                "key": area.key,
                "label": area.label,
                "url": url,
                "icon": area.icon,
                "current": path.startswith(url),
            }
        )
    memberships: list[Any] = []
    if request.user.is_authenticated:
        memberships = list(
            request.user.memberships.select_related("organization").order_by("organization__name")
        )
    return {
        "nav_areas": areas,
        "nav_memberships": memberships,
        "current_organization": getattr(request, "organization", None),
        "current_membership": getattr(request, "membership", None),
    }
