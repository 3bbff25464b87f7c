"""The organization's side of its PACT API host: the host itself, customers, credentials, and which products
each customer sees.  Secrets are shown once (returned by :func:`issue_credential`) and stored as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, QuerySet, Subquery
from django.utils import timezone

from tanlu.web.accounts.models import Organization, User
from tanlu.web.exchange.models import PublishedFootprint
from tanlu.web.exchange.services import published_footprints
from tanlu.web.pact.models import Credential, Customer, Grant, PactHost

CLIENT_ID_PREFIX = "tanlu-"


def _key(purpose: str) -> bytes:
    """A key for ``purpose`` derived from the deployment's secret key (rotating that key revokes every token)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"tanlu.pact.{purpose}".encode(), hashlib.sha256).digest()


def token_key() -> bytes:
    return _key("access-token")


def secret_hash(secret: str) -> str:
    return hmac.new(_key("client-secret"), secret.encode(), hashlib.sha256).hexdigest()


def host_for(organization: Organization) -> PactHost:
    """The organization's PACT host, made on first use with a random slug (its URLs do not reveal who it is)."""
    host = PactHost.objects.filter(organization=organization).first()
    if host is not None:
        return host
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PactHost.objects.create(organization=organization, slug=secrets.token_hex(6))
        except IntegrityError:
            existing = PactHost.objects.filter(organization=organization).first()
            if existing is not None:
                return existing
    raise RuntimeError("no free PACT host slug")  # pragma: no cover - 2**48 slugs


def add_customer(organization: Organization, name: str) -> Customer:
    return Customer.objects.create(organization=organization, name=name.strip())


def issue_credential(customer: Customer, user: User | None) -> tuple[Credential, str]:
    """A new client id and secret for ``customer``; the secret is returned here and never again."""
    secret = secrets.token_urlsafe(32)
    credential = Credential.objects.create(
        organization_id=customer.organization_id,
        customer=customer,
        client_id=CLIENT_ID_PREFIX + secrets.token_hex(8),
        secret_hash=secret_hash(secret),
        created_by=user,
    )
    return credential, secret


def revoke(credential: Credential) -> None:
    """The credential stops working at once: new tokens are refused and issued ones fail their next check."""
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])


def products_published(organization: Organization) -> list[str]:
    """Part numbers with a published PACT footprint (v3.0 or v2.3), the choices for a customer's grants."""
    ids = (
        PublishedFootprint.objects.filter(organization=organization, spec__in=("3.0", "2.3"))
        .values_list("product_id", flat=True)
        .distinct()
        .order_by("product_id")
    )
    return list(ids)


@transaction.atomic
def set_grants(customer: Customer, product_ids: Iterable[str]) -> None:
    """``customer`` sees exactly ``product_ids`` from now on."""
    wanted = set(product_ids)
    Grant.objects.filter(customer=customer).exclude(product_id__in=wanted).delete()
    have = set(Grant.objects.filter(customer=customer).values_list("product_id", flat=True))
    Grant.objects.bulk_create(
        Grant(organization_id=customer.organization_id, customer=customer, product_id=p)
        for p in sorted(wanted - have)
    )


def visible(customer: Customer, major: str) -> QuerySet[PublishedFootprint]:
    """Every published footprint of API version ``major`` that ``customer`` may see, and nothing else."""
    return _visible(customer.organization, customer, major)


def visible_through(
    organization: Organization, credentials: QuerySet[Credential], major: str
) -> QuerySet[PublishedFootprint]:
    """What :func:`visible` gives the customer of the first of ``credentials`` (in ``organization``), in one query
    with the credential's lookup: nothing at all when ``credentials`` is empty (the credential was revoked).  The
    ``EXISTS`` says so to PostgreSQL before it reads any footprint (a one-time filter); without it a revoked
    credential's page walked every footprint of the organization looking for grants of no customer (2.7 s for
    500,000 rows, measured)."""
    customer = Subquery(credentials.values("customer_id")[:1])
    return _visible(organization, customer, major).filter(Exists(credentials))


def _visible(organization: Organization, customer: object, major: str) -> QuerySet[PublishedFootprint]:
    granted = Grant.objects.filter(customer=customer).values("product_id")
    return published_footprints(organization, major).filter(product_id__in=granted)
