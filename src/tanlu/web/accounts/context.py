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
    description: Promise


AREAS = (
    Area(
        "surveys",
        _("Surveys"),
        "surveys:list",
        "survey",
        _("Questionnaires to suppliers, answers by link, and published results."),
    ),
    Area(
        "inventory",
        _("Inventory"),
        "inventory:dashboard",
        "inventory",
        _("Scope 1, 2 and 3 emissions from your meters, invoices and ERP exports."),
    ),
    Area(
        "products",
        _("Products"),
        "products:home",
        "product",
        _("Cradle-to-gate carbon footprints of the products you make."),
    ),
    Area(
        "exchange",
        _("Exchange"),
        "exchange:home",
        "exchange",
        _("Footprints to and from customers and suppliers, in PACT and Catena-X formats."),
    ),
    Area(
        "engagement",
        _("Requests"),
        "engagement:requests",
        "inbox",
        _("Footprint requests to your suppliers and from your customers, checked before they are accepted."),
    ),
    Area(
        "cbam",
        _("EU CBAM"),
        "cbam:home",
        "factory",
        _(
            "Embedded emissions of your steel and aluminium goods for EU importers, beside the default values."
        ),
    ),
    Area(
        "suppliers",
        _("Suppliers"),
        "accounts:suppliers",
        "suppliers",
        _("The organizations that supply yours, and the customers you supply."),
    ),
    Area(
        "settings",
        _("Settings"),
        "accounts:settings",
        "settings",
        _("Your organization, its members and their roles, API tokens and the audit log."),
    ),
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
                "description": area.description,
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
