"""The one place where tenant isolation is enforced.

Every model that belongs to an organization uses :class:`TenantManager`, and every view reaches such objects
through :func:`scoped` or :func:`get_scoped_or_404` with the request's current organization.  Another
organization's id therefore answers 404 exactly like an id that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.http import HttpRequest

M = TypeVar("M", bound=models.Model)


class TenantQuerySet(models.QuerySet[M]):
    """A queryset that can be narrowed to one organization's rows."""

    def for_organization(self, organization: Any) -> TenantQuerySet[M]:
        if organization is None:
            return self.none()
        return self.filter(organization=organization)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """Manager of every tenant-owned model."""


def current_organization(request: HttpRequest) -> Any:
    """The organization the signed-in user is acting for (set by ``OrganizationMiddleware``), or 404."""
    organization = getattr(request, "organization", None)
    if organization is None:
        raise Http404
    return organization


def scoped(request: HttpRequest, model: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    """``model``'s rows that belong to the request's current organization."""
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    return queryset.filter(organization=current_organization(request))


def get_scoped_or_404(request: HttpRequest, model: type[M] | models.QuerySet[M], **lookup: Any) -> M:
    """One object of the current organization; 404 when it is missing *or* belongs to someone else."""
    try:
        return scoped(request, model).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
