"""Factories for the functional tests: organizations, people with roles, suppliers, invitations and jobs."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tanlu.web.accounts import services
from tanlu.web.accounts.models import Membership, Organization, OrganizationKind, Role, User

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> None:
    """Sign-in throttling counts failures in the cache; every test that uses the database starts afresh."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        from django.core.cache import cache  # noqa: PLC0415

        request.getfixturevalue("db")
        cache.clear()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(username: str | None = None, **fields: Any) -> User:
        number = next(_counter)
        username = username or f"user{number}"
        return User.objects.create_user(
            username=username,
            email=fields.pop("email", f"{username}@example.com"),
            password=PASSWORD,
            **fields,
        )

    return make


@pytest.fixture
def make_organization(db: Any, make_user: Callable[..., User]) -> Callable[..., Organization]:
    def make(
        name: str | None = None, kind: str = OrganizationKind.SUPPLIER, owner: User | None = None
    ) -> Organization:
        return services.create_organization(
            owner or make_user(), name=name or f"Org {next(_counter)}", kind=kind
        )

    return make


@pytest.fixture
def add_member(db: Any) -> Callable[..., Membership]:
    def add(user: User, organization: Organization, role: str = Role.VIEWER) -> Membership:
        return Membership.objects.create(user=user, organization=organization, role=role)

    return add


@dataclass
class Tenant:
    """An organization with an owner, signed in through ``client``."""

    organization: Organization
    owner: User
    client: Client


@pytest.fixture
def tenant_factory(make_user: Callable[..., User]) -> Callable[..., Tenant]:
    def make(name: str, kind: str = OrganizationKind.OEM) -> Tenant:
        owner = make_user()
        organization = services.create_organization(owner, name=name, kind=kind)
        client = Client()
        client.force_login(owner)
        return Tenant(organization=organization, owner=owner, client=client)

    return make


@pytest.fixture
def tenant(tenant_factory: Callable[..., Tenant]) -> Tenant:
    return tenant_factory("Alpha Motors 阿尔法汽车")
