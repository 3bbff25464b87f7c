"""Publishing footprints the PACT way and listing them for the PACT API host.

:func:`publish` stores what an export hands out: the first export of a product in a format is its first version;
an export whose content differs (a new calculation, changed settings) makes a successor with ``precedingPfIds``
and turns the previous version into its Deprecated form, which is never written again
(:mod:`tanlu.exchange.versioning` decides, per PACT version).  Exporting again without a change hands out the
stored version unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from tanlu.errors import InputError
from tanlu.exchange import versioning
from tanlu.web.accounts.models import Organization
from tanlu.web.exchange.models import PublishedFootprint, Spec, Status

#: PACT API major version -> the published format it serves
API_SPECS = {"3": Spec.PACT_3, "2": Spec.PACT_2}


def published_footprints(organization: Organization, major: str) -> QuerySet[PublishedFootprint]:
    """Every footprint ``organization`` published for PACT API version ``major`` ("3" or "2"), Active and
    Deprecated, newest first; ``document`` is the ProductFootprint JSON to serve as it is."""
    return PublishedFootprint.objects.filter(organization=organization, spec=API_SPECS[major])


def _follow(
    spec: str, previous: dict[str, Any], current: dict[str, Any], now: datetime
) -> list[dict[str, Any]]:
    if spec in (Spec.PACT_3, Spec.PACT_2):
        return versioning.follow(previous, current, now=now)
    return _follow_catenax(previous, current, now)


def _follow_catenax(previous: dict[str, Any], current: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """Catena-X versions like PACT v3: a new id with ``precedingPfIds``; 9.0.0 lists them as ``{"id": …}``."""
    history = {"id", "precedingPfIds", "created", "updated", "status", "version", "specVersion"}
    same = {k: v for k, v in previous.items() if k not in history} == {
        k: v for k, v in current.items() if k not in history
    }
    if same:
        return [previous]
    if previous.get("status") == Status.DEPRECATED:
        raise InputError("a Deprecated footprint is not changed again", column="status")
    new_id = versioning.successor_id(previous, current)
    earlier = [p["id"] if isinstance(p, dict) else p for p in previous.get("precedingPfIds", [])]
    ids = list(dict.fromkeys([previous["id"], *earlier]))
    as_objects = any(isinstance(p, dict) for p in previous.get("precedingPfIds", [])) or str(
        current.get("specVersion", "")
    ).endswith("9.0.0")
    old = {**previous, "status": Status.DEPRECATED.value}
    successor = {
        **current,
        "id": new_id,
        "precedingPfIds": [{"id": i} for i in ids] if as_objects else ids,
        "status": Status.ACTIVE.value,
    }
    return [old, successor]


@transaction.atomic
def publish(
    organization: Organization,
    *,
    spec: str,
    product_id: str,
    document: dict[str, Any],
    now: datetime,
    run_id: int | None = None,
) -> PublishedFootprint:
    """Store ``document`` (a fresh export) as the product's current footprint in ``spec``; returns the version to
    hand out (the stored one when nothing changed)."""
    previous = (
        PublishedFootprint.objects.select_for_update()
        .filter(organization=organization, spec=spec, product_id=product_id, status=Status.ACTIVE)
        .order_by("-id")
        .first()
    )
    if previous is None:
        return PublishedFootprint.objects.create(
            organization=organization, spec=spec, pf_id=document["id"], product_id=product_id,
            document=document, run_id=run_id,
        )  # fmt: skip
    published = _follow(spec, previous.document, document, now)
    if len(published) == 1:
        if published[0] != previous.document:  # a v2.3 minor change: same id, version + 1
            previous.document = published[0]
            previous.run_id = run_id
            previous.save(update_fields=["document", "run", "updated_at"])
        return previous
    old, successor = published
    previous.document = old
    previous.status = Status.DEPRECATED
    previous.save(update_fields=["document", "status", "updated_at"])
    return PublishedFootprint.objects.create(
        organization=organization, spec=spec, pf_id=successor["id"], product_id=product_id,
        document=successor, run_id=run_id, preceding=previous,
    )  # fmt: skip
