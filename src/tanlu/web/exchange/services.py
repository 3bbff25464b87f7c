"""Publishing footprints the PACT way and listing them for the PACT API host.

:func:`publish` stores what an export hands out: the first export of a product in a format is its first version;
an export whose content differs (a new calculation, changed settings) makes a successor with ``precedingPfIds``
and turns the previous version into its Deprecated form, which is never written again
(:mod:`tanlu.exchange.versioning` decides, per PACT version).  Exporting again without a change hands out the
stored version unchanged.
"""

from __future__ import annotations

import copy
import json
import uuid
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


def pf_id(spec: str, document: dict[str, Any]) -> str:
    """The footprint id of a PACT footprint or a Catena-X payload."""
    return str(document["id"] if spec in (Spec.PACT_3, Spec.PACT_2) else _identity(document)["id"])


def _follow(
    spec: str, previous: dict[str, Any], current: dict[str, Any], now: datetime
) -> list[dict[str, Any]]:
    if spec in (Spec.PACT_3, Spec.PACT_2):
        return versioning.follow(previous, current, now=now)
    return _follow_catenax(previous, current)


def _identity(document: dict[str, Any]) -> dict[str, Any]:
    info = document["pcfAssessmentAndMethodology"][0]["pcfAssessmentInformation"][0]
    return dict(info["idAndVersion"][0])


def _with(document: dict[str, Any], identity: dict[str, Any], created: str | None) -> dict[str, Any]:
    """``document`` with ``identity`` as its ``idAndVersion`` (and ``created`` as its time, when given)."""
    copied = copy.deepcopy(document)
    info = copied["pcfAssessmentAndMethodology"][0]["pcfAssessmentInformation"][0]
    info["idAndVersion"] = [identity]
    if created is not None:
        info["time"][0]["created"] = created
    return copied


def _follow_catenax(previous: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Catena-X versions like PACT v3 (its ``version`` stays 0): a changed payload gets a new id with
    ``precedingPfIds`` (objects ``{"id": …}`` in 9.0.0, strings in 10.0.0); the previous one becomes Deprecated."""
    old_id, new = _identity(previous), _identity(current)
    created = previous["pcfAssessmentAndMethodology"][0]["pcfAssessmentInformation"][0]["time"][0]["created"]
    if _with(current, old_id, created) == previous:
        return [previous]
    if old_id.get("status") == Status.DEPRECATED:
        raise InputError("a Deprecated footprint is not changed again", column="status")
    earlier = [p["id"] if isinstance(p, dict) else p for p in old_id.get("precedingPfIds", [])]
    chain = list(dict.fromkeys([old_id["id"], *earlier]))
    used = set(chain)
    content = json.dumps(current, sort_keys=True, ensure_ascii=False)
    new_id = new["id"] if new["id"] not in used else str(uuid.uuid5(uuid.UUID(old_id["id"]), content))
    nine = str(current["scopeOfPcfForm"][0]["specVersion"]).endswith("9.0.0")
    successor = {**new, "id": new_id, "status": Status.ACTIVE.value}
    successor["precedingPfIds"] = [{"id": i} for i in chain] if nine else chain
    return [
        _with(previous, {**old_id, "status": Status.DEPRECATED.value}, None),
        _with(current, successor, None),
    ]


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
            organization=organization, spec=spec, pf_id=pf_id(spec, document), product_id=product_id,
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
        organization=organization, spec=spec, pf_id=pf_id(spec, successor), product_id=product_id,
        document=successor, run_id=run_id, preceding=previous,
    )  # fmt: skip
