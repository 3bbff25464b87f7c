"""Demonstration data, so that a newcomer sees a working product at once.

Each area registers a step with :func:`step`; ``tanlu demo`` and the first-run page run every step in order.  Steps
are idempotent: running the demo twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from tanlu.web.accounts.models import (
    Membership,
    Organization,
    OrganizationKind,
    Role,
    SupplierRelationship,
    User,
)
from tanlu.web.accounts.services import audit
from tanlu.web.jobs.models import Job
from tanlu.web.jobs.services import Progress, register

logger = logging.getLogger("tanlu.demo")


@dataclass(frozen=True)
class DemoContext:
    """What every demo step receives: the users who get access to the demo organizations."""

    owners: list[User]


DemoStep = Callable[[DemoContext], str]
STEPS: list[tuple[str, DemoStep]] = []


def step(name: str) -> Callable[[DemoStep], DemoStep]:
    def decorator(function: DemoStep) -> DemoStep:
        STEPS.append((name, function))
        return function

    return decorator


DEMO_ORGANIZATIONS = [
    # Each entry: Chinese name, English name, kind, country or region.
    (
        "中国汽车供应链可持续发展联盟",
        "China Auto Supply Chain Sustainability Alliance",
        OrganizationKind.ASSOCIATION,
        "中国 China",
    ),
    ("华东汽车集团", "East China Automotive Group", OrganizationKind.OEM, "中国 China"),
    (
        "苏州精工冲压件有限公司",
        "Suzhou Precision Stamping Co., Ltd.",
        OrganizationKind.SUPPLIER,
        "江苏 Jiangsu",
    ),
    (
        "宁波华塑汽车部件有限公司",
        "Ningbo Huasu Auto Parts Co., Ltd.",
        OrganizationKind.SUPPLIER,
        "浙江 Zhejiang",
    ),
    (
        "重庆长江铝铸造有限公司",
        "Chongqing Changjiang Aluminium Casting Co., Ltd.",
        OrganizationKind.SUPPLIER,
        "重庆 Chongqing",
    ),
    (
        "天津北方线束有限公司",
        "Tianjin Northern Wiring Harness Co., Ltd.",
        OrganizationKind.SUPPLIER,
        "天津 Tianjin",
    ),
]

DEMO_LINKS = [
    # Each entry: customer, supplier, supplier code, category, region, tier, contact email.
    (
        "华东汽车集团",
        "苏州精工冲压件有限公司",
        "SUP-1001",
        "车身冲压件 Body stampings",
        "华东 East",
        1,
        "li.wei@example.com",
    ),
    (
        "华东汽车集团",
        "宁波华塑汽车部件有限公司",
        "SUP-1002",
        "内饰注塑件 Interior mouldings",
        "华东 East",
        1,
        "chen.jing@example.com",
    ),
    (
        "华东汽车集团",
        "天津北方线束有限公司",
        "SUP-1003",
        "线束 Wiring harnesses",
        "华北 North",
        1,
        "zhao.min@example.com",
    ),
    (
        "苏州精工冲压件有限公司",
        "重庆长江铝铸造有限公司",
        "S-207",
        "铝铸件 Aluminium castings",
        "西南 Southwest",
        2,
        "wang.fang@example.com",
    ),
    ("中国汽车供应链可持续发展联盟", "苏州精工冲压件有限公司", "M-0031", "会员 Member", "华东 East", 1, ""),
    ("中国汽车供应链可持续发展联盟", "宁波华塑汽车部件有限公司", "M-0047", "会员 Member", "华东 East", 1, ""),
]

DEMO_COLLEAGUES = [
    ("zhang.san", "张三", "zhang.san@demo.tanlu.invalid", "华东汽车集团", Role.EDITOR),
    ("li.si", "李四", "li.si@demo.tanlu.invalid", "苏州精工冲压件有限公司", Role.EDITOR),
    (
        "emma.clark",
        "Emma Clark",
        "emma.clark@demo.tanlu.invalid",
        "中国汽车供应链可持续发展联盟",
        Role.VIEWER,
    ),
]


@step("organizations")
def organizations_and_suppliers(context: DemoContext) -> str:
    by_name: dict[str, Organization] = {}
    actor = context.owners[0] if context.owners else None
    for name, name_en, kind, country in DEMO_ORGANIZATIONS:
        by_name[name], created = Organization.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "kind": kind, "country": country}
        )
        if created:
            audit(by_name[name], actor, "organization.created", f"{name} (demo)")
    for user in context.owners:
        for organization in by_name.values():
            Membership.objects.get_or_create(
                user=user, organization=organization, defaults={"role": Role.OWNER}
            )
    for customer, supplier, code, category, region, tier, contact in DEMO_LINKS:
        _link, created = SupplierRelationship.objects.get_or_create(
            organization=by_name[customer],
            supplier=by_name[supplier],
            defaults={
                "supplier_code": code,
                "category": category,
                "region": region,
                "tier": tier,
                "contact_email": contact,
            },
        )
        if created:
            audit(by_name[customer], actor, "supplier.added", supplier)
    for username, display_name, email, organization, role in DEMO_COLLEAGUES:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name, "email": email}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        _membership, created = Membership.objects.get_or_create(
            user=user, organization=by_name[organization], defaults={"role": role}
        )
        if created:
            audit(by_name[organization], actor, "invitation.accepted", f"{email} as {role} (demo)")
    return f"{len(by_name)} organizations, {len(DEMO_LINKS)} supplier relationships"


def steps() -> list[tuple[str, DemoStep]]:
    """Every demo step: this module's own, then those each app's ``demo.py`` registers, in ``INSTALLED_APPS`` order."""
    autodiscover_modules("demo")
    return STEPS


def load(owners: list[User], progress: Progress | None = None) -> list[str]:
    """Run every demo step for ``owners`` (default: every superuser) and say what each did."""
    all_steps = steps()
    done: list[str] = []
    for index, (name, function) in enumerate(all_steps):
        if progress is not None:
            progress(index, len(all_steps), name)
        with transaction.atomic():
            summary = function(DemoContext(owners=owners))
        logger.info("demo step %s: %s", name, summary)
        done.append(f"{name}: {summary}")
    if progress is not None:
        progress(len(all_steps), len(all_steps), "")
    return done


def demo_organizations(user: User) -> list[Organization]:
    """The demo organizations ``user`` belongs to, the one with the most in it first (see :func:`richest_organization`)."""
    names = [row[0] for row in DEMO_ORGANIZATIONS]
    found = list(Organization.objects.filter(name__in=names, memberships__user=user).order_by("pk"))
    richest = richest_organization()
    return sorted(found, key=lambda organization: organization != richest)


def richest_organization() -> Organization | None:
    """The demo organization with the most to look at, where a newcomer should start.

    Counted, not named: the organization with rows in the most tables that belong to an organization (then with
    the most rows), so that what each area's demo step adds counts without being listed here.
    """
    demo = list(Organization.objects.filter(name__in=[row[0] for row in DEMO_ORGANIZATIONS]))
    if not demo:
        return None
    kinds: Counter[int] = Counter()
    rows: Counter[int] = Counter()
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "organization"), None)
        if field is None or field.related_model is not Organization:
            continue
        counts = (
            model._base_manager.filter(organization__in=demo)
            .values_list("organization")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for organization_id, count in counts:
            kinds[organization_id] += 1
            rows[organization_id] += count
    return max(
        demo, key=lambda organization: (kinds[organization.pk], rows[organization.pk], -organization.pk)
    )


@register("demo")
def demo_job(job: Job, progress: Progress) -> str:
    owners = list(User.objects.filter(pk=job.parameters.get("user_id")))
    load(owners, progress)
    return reverse("accounts:demo")  # says where the demo is, and opens its richest organization
