"""The JSON API (django-ninja), documented in OpenAPI at /api/docs.

Scripts authenticate with an API token (``Authorization: Bearer tanlu_…``), signed-in browsers with their session
(and CSRF); either way the request acts for one organization.  TanluErrors become
``{"detail": ..., "errors": [...]}`` responses here, in one handler.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from tanlu import __version__
from tanlu.errors import InputError, NotFound, PermissionDenied, TanluError
from tanlu.web.accounts.api_auth import api_auth

api = NinjaAPI(title="Tanlu API", version="1", urls_namespace="api", docs_url="/docs")


@api.exception_handler(TanluError)
def tanlu_error(request: HttpRequest, error: TanluError) -> HttpResponse:
    status = (
        404
        if isinstance(error, NotFound)
        else 403
        if isinstance(error, PermissionDenied)
        else (400 if isinstance(error, InputError) else 422)
    )
    return api.create_response(request, error.to_dict(), status=status)


class Version(Schema):
    name: str
    version: str


class Organization(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    role: str
    current: bool


class Me(Schema):
    username: str
    email: str
    language: str
    organizations: list[Organization]


@api.get("/version", response=Version, tags=["meta"])
def version(request: HttpRequest) -> dict[str, str]:
    return {"name": "tanlu", "version": __version__}


@api.get("/me", response=Me, auth=api_auth, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, object]:
    user = request.user
    current = getattr(request, "organization", None)
    return {
        "username": user.username,
        "email": user.email,  # type: ignore[union-attr]
        "language": user.language,  # type: ignore[union-attr]
        "organizations": [
            {
                "id": m.organization.pk,
                "name": m.organization.name,
                "name_en": m.organization.name_en,
                "kind": m.organization.kind,
                "role": m.role,
                "current": m.organization == current,
            }
            for m in user.memberships.select_related("organization")  # type: ignore[union-attr]
        ],
    }


from tanlu.web.surveys.api import router as surveys_router  # noqa: E402 - routers attach to the api object above

api.add_router("/surveys", surveys_router)

from tanlu.web.inventory.api import router as inventory_router  # noqa: E402 - routers attach to the api object above

api.add_router("/inventory", inventory_router)

from tanlu.web.products.api import router as products_router  # noqa: E402 - routers attach to the api object above

api.add_router("/products", products_router)
