"""The supplier's side of tenancy: requests and answers addressed to the request's current organization.

The customer reaches its requests with :func:`tanlu.web.accounts.tenancy.scoped`; the supplier with
:func:`addressed`, which filters on ``supplier`` the same way. Another organization's id answers 404 on both sides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404

from tanlu.web.accounts.tenancy import current_organization

if TYPE_CHECKING:
    from django.http import HttpRequest

M = TypeVar("M", bound=models.Model)


def addressed(request: HttpRequest, model: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    """``model``'s rows addressed to the request's current organization as the supplier."""
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    return queryset.filter(supplier=current_organization(request))


def get_addressed_or_404(request: HttpRequest, model: type[M] | models.QuerySet[M], **lookup: Any) -> M:
    try:
        return addressed(request, model).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
