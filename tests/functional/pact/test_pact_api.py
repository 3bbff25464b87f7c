"""The PACT API host against the specification's requirements (v3.0 and v2.3): token endpoint, ListFootprints with
filters and pagination, GetFootprint, the error codes and statuses each version fixes, and two organizations × two
customers tried against each other. The Action Events endpoint is ``test_pact_events.py``."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tanlu.exchange import tokens
from tanlu.web.pact import services

from .hosts import Supplier, basic, get_token

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, token: str, **extra: Any) -> Any:
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True, **extra)


def _ids(response: Any) -> list[str]:
    return [pf["id"] for pf in response.json()["data"]]


# ------------------------------------------------------------------------------------------------ discovery, token


def test_openid_configuration_names_the_token_endpoint(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    body = Client().get(f"{a.base}/.well-known/openid-configuration", secure=True).json()
    assert body["token_endpoint"] == f"https://testserver{a.base}/auth/token"
    assert body["token_endpoint_auth_methods_supported"] == ["client_secret_basic"]


def test_token_is_a_bearer_jwt_with_expiry(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    response = Client().post(
        f"{a.base}/auth/token", "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic(a.callers[0].credential.client_id, a.callers[0].secret), secure=True,
    )  # fmt: skip
    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert response["Cache-Control"] == "no-store"
    header = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic !!!", basic("nobody", "nothing"), "Bearer x"],
    ids=["missing", "not-base64", "unknown-client", "not-basic"],
)
def test_token_refuses_bad_client_authentication(
    two_suppliers: tuple[Supplier, Supplier], authorization: str | None
) -> None:
    a, _b = two_suppliers
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = Client().post(
        f"{a.base}/auth/token", "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded", secure=True, **headers,
    )  # fmt: skip
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response["WWW-Authenticate"].startswith("Basic")


def test_token_needs_client_credentials_grant(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    caller = a.callers[0]
    response = Client().post(
        f"{a.base}/auth/token", "grant_type=password", content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic(caller.credential.client_id, caller.secret), secure=True,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_credentials_of_one_host_do_not_work_on_another(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, b = two_suppliers
    caller = a.callers[0]
    response = Client().post(
        f"{b.base}/auth/token", "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic(caller.credential.client_id, caller.secret), secure=True,
    )  # fmt: skip
    assert response.status_code == 401


def test_repeated_bad_secrets_are_throttled_even_for_the_right_secret_afterwards(
    two_suppliers: tuple[Supplier, Supplier], settings: Any
) -> None:
    a, _b = two_suppliers
    caller = a.callers[0]
    client = Client()

    def attempt(secret: str) -> Any:
        return client.post(
            f"{a.base}/auth/token", "grant_type=client_credentials",
            content_type="application/x-www-form-urlencoded",
            HTTP_AUTHORIZATION=basic(caller.credential.client_id, secret), secure=True,
        )  # fmt: skip

    statuses = [attempt(f"wrong-{n}").status_code for n in range(settings.TANLU_LOGIN_ATTEMPTS + 3)]
    assert statuses[: settings.TANLU_LOGIN_ATTEMPTS] == [401] * settings.TANLU_LOGIN_ATTEMPTS
    assert statuses[-1] == 429
    refused = attempt(caller.secret)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_plain_http_is_refused_not_redirected(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    response = Client().get(f"{a.base}/3/footprints", HTTP_AUTHORIZATION="Bearer x")
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"


# ------------------------------------------------------------------------------------------------ bearer tokens


def _forged(token: str, **claims: Any) -> str:
    header, payload, signature = token.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body.update(claims)
    new = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    return f"{header}.{new}.{signature}"


def _alg_none(token: str) -> str:
    _header, payload, _signature = token.split(".")
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    return f"{header}.{payload}."


@pytest.mark.parametrize("major", ["3", "2"])
def test_forged_none_and_foreign_tokens_are_refused(
    two_suppliers: tuple[Supplier, Supplier], major: str
) -> None:
    a, b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    other = get_token(client, b, b.callers[0])
    status = 401 if major == "3" else 400
    for bad in [
        "very-invalid-access-token",
        _forged(token, sub=a.callers[1].credential.client_id),
        _alg_none(token),
        other,  # a genuine token of another organization's host
        _forged(other, aud=a.host.slug),
    ]:
        response = _get(client, f"{a.base}/{major}/footprints", bad)
        assert (response.status_code, response.json()["code"]) == (status, "BadRequest"), bad


@pytest.mark.parametrize("major", ["3", "2"])
def test_expired_token_answers_token_expired(two_suppliers: tuple[Supplier, Supplier], major: str) -> None:
    a, _b = two_suppliers
    stale = tokens.issue(
        services.token_key(), {"aud": a.host.slug, "sub": a.callers[0].credential.client_id},
        now=int(time.time()) - 7200,
    )  # fmt: skip
    response = _get(Client(), f"{a.base}/{major}/footprints", stale)
    assert (response.status_code, response.json()["code"]) == (401, "TokenExpired")


def test_revoked_credential_stops_at_once(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    services.revoke(a.callers[0].credential)
    assert _get(client, f"{a.base}/3/footprints", token).status_code == 401
    response = client.post(
        f"{a.base}/auth/token", "grant_type=client_credentials",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic(a.callers[0].credential.client_id, a.callers[0].secret), secure=True,
    )  # fmt: skip
    assert response.status_code == 401


# ------------------------------------------------------------------------------------------------ what a customer sees


@pytest.mark.parametrize("major", ["3", "2"])
def test_each_customer_sees_exactly_its_products(
    two_suppliers: tuple[Supplier, Supplier], major: str
) -> None:
    client = Client()
    for supplier in two_suppliers:
        ids = supplier.ids if major == "3" else supplier.v2_ids
        for caller, parts in zip(supplier.callers, (["P1", "P2"], ["P3"]), strict=True):
            token = get_token(client, supplier, caller)
            seen = _ids(_get(client, f"{supplier.base}/{major}/footprints", token))
            assert seen == [pf for part in parts for pf in ids[part]]  # Deprecated included, id order


@pytest.mark.parametrize("major", ["3", "2"])
def test_another_tenants_id_answers_like_a_missing_one(
    two_suppliers: tuple[Supplier, Supplier], major: str
) -> None:
    a, b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    ids = a.ids if major == "3" else a.v2_ids
    other = b.ids if major == "3" else b.v2_ids
    own = _get(client, f"{a.base}/{major}/footprints/{ids['P1'][0]}", token)
    assert own.status_code == 200
    assert own.json()["data"]["id"] == ids["P1"][0]
    answers = [
        _get(client, f"{a.base}/{major}/footprints/{pf}", token)
        for pf in (str(uuid.uuid4()), other["P1"][1], ids["P3"][0], "not-a-uuid")
    ]
    code = "NotFound" if major == "3" else "NoSuchFootprint"
    assert {(r.status_code, r.content) for r in answers} == {
        (404, json.dumps({"code": code, "message": "The requested footprint could not be found."}).encode())
    }


def test_v3_filters_and_or_within_and_across(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    url = f"{a.base}/3/footprints"
    p1, p2 = a.ids["P1"], a.ids["P2"]
    product = f"urn:tanlu:{a.organization.pk}:P1"
    assert _ids(_get(client, f"{url}?productId={product}", token)) == p1
    assert _ids(_get(client, f"{url}?productid={product}&productId=urn:x", token)) == p1
    assert _ids(_get(client, f"{url}?status=Active", token)) == [p1[1], *p2]
    # an empty value filters nothing (the conformance tool sends classification= for footprints without any)
    assert _ids(_get(client, f"{url}?classification=", token)) == _ids(_get(client, url, token))
    assert _ids(_get(client, f"{url}?status=Active&productId={product}", token)) == [p1[1]]
    assert _ids(_get(client, f"{url}?status=Bogus", token)) == []
    assert _ids(_get(client, f"{url}?validOn=1900-01-01T00:00:00Z", token)) == []
    assert _ids(_get(client, f"{url}?validAfter=2099-12-31T23:59:59Z", token)) == []
    assert _ids(_get(client, f"{url}?geography=XX", token)) == []
    assert _get(client, f"{url}?validOn=yesterday", token).json()["code"] == "BadRequest"
    assert _get(client, f"{url}?limit=-1", token).status_code == 400


def test_v2_filter_subset_and_not_implemented(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    url = f"{a.base}/2/footprints"
    everything = _ids(_get(client, url, token))
    assert _ids(_get(client, url, token, data={"$filter": "created ge '2000-01-01T00:00:00Z'"})) == everything
    assert _ids(_get(client, url, token, data={"$filter": "created ge '2999-01-01T00:00:00Z'"})) == []
    response = _get(client, url, token, data={"$filter": "contains(companyName, 'x')"})
    assert (response.status_code, response.json()["code"]) == (400, "NotImplemented")


@pytest.mark.parametrize("major", ["3", "2"])
def test_pages_follow_link_headers_to_the_end(two_suppliers: tuple[Supplier, Supplier], major: str) -> None:
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    url: str | None = f"https://testserver{a.base}/{major}/footprints?limit=1"
    seen: list[str] = []
    while url is not None:
        response = _get(client, url, token)
        assert response.status_code == 200
        assert len(response.json()["data"]) <= 1
        seen += _ids(response)
        link = response.headers.get("Link")
        url = link.split(">")[0].lstrip("<") if link else None
        if url is not None:
            assert link.endswith('; rel="next"')
            assert urlsplit(url).netloc == "testserver"
            assert _ids(_get(client, url, token)) == _ids(_get(client, url, token))  # callable twice
    ids = a.ids if major == "3" else a.v2_ids
    assert seen == [*ids["P1"], *ids["P2"]]


def test_tampered_or_foreign_cursor_is_refused(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    client = Client()
    first, second = (get_token(client, a, caller) for caller in a.callers)
    link = _get(client, f"{a.base}/3/footprints?limit=1", first)["Link"].split(">")[0].lstrip("<")
    cursor = link.split("cursor=")[1]
    tampered = link.replace(cursor, cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB"))
    assert _get(client, tampered, first).json()["code"] == "BadRequest"
    assert _get(client, link, second).status_code == 400  # another customer's cursor
    assert _get(client, f"{a.base}/3/footprints?cursor=x&limit=1", first).status_code == 400


def test_a_link_keeps_the_host_asked_for(two_suppliers: tuple[Supplier, Supplier], settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "pact.example.com"]
    a, _b = two_suppliers
    client = Client()
    token = get_token(client, a, a.callers[0])
    response = _get(client, f"{a.base}/3/footprints?limit=1", token, HTTP_HOST="pact.example.com")
    assert response["Link"].startswith(f"<https://pact.example.com{a.base}/3/footprints?cursor=")
    assert _get(client, f"{a.base}/3/footprints", token, HTTP_HOST="evil.example.net").status_code == 400
