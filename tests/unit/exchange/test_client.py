"""The PACT client against a fake supplier over real HTTPS, and its refusal of every address it must not reach."""

from __future__ import annotations

import copy
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from tests.unit.exchange.conftest import load
from tests.unit.exchange.fake_pact import CLIENT_ID, CLIENT_SECRET, TOKEN, FakeSupplier, running

from tanlu.exchange import client


def _footprints(count: int) -> list[dict[str, Any]]:
    base = load("v3/example-1.json")
    found = []
    for number in range(count):
        pf = copy.deepcopy(base)
        pf["id"] = f"00000000-0000-4000-8000-{number:012d}"
        found.append(pf)
    return found


@pytest.fixture
def supplier() -> Iterator[FakeSupplier]:
    with running(_footprints(7)) as fake:
        yield fake


def _session(supplier: FakeSupplier, secret: str = CLIENT_SECRET) -> client.Session:
    endpoint = client.Endpoint(supplier.base_url, CLIENT_ID, secret)
    return client.connect(endpoint, endpoint.policy(allow_loopback=True, context=supplier.context))


def test_token_through_discovery_and_basic_auth(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    assert session.token == TOKEN
    paths = [path for _, path, _, _ in supplier.requests]
    assert paths == ["/.well-known/openid-configuration", "/auth/token"]
    _, _, headers, body = supplier.requests[1]
    assert headers["Authorization"].startswith("Basic ")
    assert body == b"grant_type=client_credentials"


def test_wrong_secret_is_a_refusal_not_a_crash(supplier: FakeSupplier) -> None:
    with pytest.raises(client.PactAnswerError, match="refused the client id or secret") as caught:
        _session(supplier, secret="wrong")
    assert caught.value.status == 401


def test_pull_follows_every_next_link(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    seen: list[tuple[int, str]] = []
    found = client.pull(session, limit=3, progress=lambda count, message: seen.append((count, message)))
    assert [pf["id"] for pf in found] == [pf["id"] for pf in supplier.footprints]
    assert seen == [(3, "page 1"), (6, "page 2"), (7, "page 3")]
    listed = [path for _, path, _, _ in supplier.requests if path.startswith("/3/footprints")]
    assert listed == [
        "/3/footprints?limit=3",
        "/3/footprints?limit=3&offset=3",
        "/3/footprints?limit=3&offset=6",
    ]


def test_one_footprint_and_a_missing_one(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    wanted = supplier.footprints[4]["id"]
    assert session.footprint(wanted)["id"] == wanted
    with pytest.raises(client.PactAnswerError) as caught:
        session.footprint("11111111-1111-4111-8111-111111111111")
    assert (caught.value.status, caught.value.code) == (404, "NoSuchFootprint")


def test_a_request_is_sent_as_a_cloud_event(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    event = client.request_created_event(source="//tanlu.example.test/3/events", product_ids=["urn:x:1"])
    assert session.send_event(event) == 200
    method, path, headers, body = supplier.requests[-1]
    assert (method, path) == ("POST", "/3/events")
    assert headers["Content-Type"].startswith("application/cloudevents+json")
    sent = json.loads(body)
    assert sent["type"] == "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
    assert sent["data"] == {"productId": ["urn:x:1"]}


def test_answers_to_a_request_are_read() -> None:
    pf = load("v3/example-1.json")
    fulfilled = {
        "type": "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
        "data": {"requestEventId": "e-1", "pfs": [pf]},
    }
    rejected = {
        "type": "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1",
        "data": {"requestEventId": "e-2", "error": {"code": "NotFound", "message": "no such product"}},
    }
    assert client.request_answer(fulfilled) == client.RequestAnswer("e-1", True, [pf])
    assert client.request_answer(rejected) == client.RequestAnswer(
        "e-2", False, [], "NotFound: no such product"
    )
    assert client.request_answer({"type": "other", "data": {}}) is None


def test_a_next_link_to_another_host_is_refused(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    link = '<https://evil.example.com/3/footprints?offset=3>; rel="next"'
    supplier.overrides["/3/footprints"] = lambda: (200, {"Link": link}, json.dumps({"data": []}).encode())
    with pytest.raises(client.AddressRefused, match="another host"):
        client.pull(session)


def test_a_circle_of_next_links_ends(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    link = f'<{supplier.base_url}/3/footprints?limit=100>; rel="next"'
    supplier.overrides["/3/footprints"] = lambda: (200, {"Link": link}, json.dumps({"data": []}).encode())
    with pytest.raises(client.PactProtocolError, match="circle"):
        client.pull(session)


def test_an_answer_without_data_is_a_protocol_error(supplier: FakeSupplier) -> None:
    session = _session(supplier)
    supplier.overrides["/3/footprints"] = lambda: (200, {}, b"<html>hello</html>")
    with pytest.raises(client.PactProtocolError, match="not JSON"):
        client.pull(session)


def test_loopback_is_refused_unless_the_setting_allows_it(supplier: FakeSupplier) -> None:
    endpoint = client.Endpoint(supplier.base_url, CLIENT_ID, CLIENT_SECRET)
    with pytest.raises(client.AddressRefused, match="not public"):
        client.connect(endpoint, endpoint.policy(context=supplier.context))
    assert supplier.requests == []


def test_an_unknown_certificate_is_refused(supplier: FakeSupplier) -> None:
    endpoint = client.Endpoint(supplier.base_url, CLIENT_ID, CLIENT_SECRET)
    with pytest.raises(client.PactClientError, match="TLS"):
        client.connect(endpoint, endpoint.policy(allow_loopback=True))


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",  # noqa: S104 - an address refused, not a binding
     "fd00::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::", "240.0.0.1"],
)  # fmt: skip
def test_private_addresses_are_never_allowed(address: str) -> None:
    assert not client.address_allowed(address, allow_loopback=True)


def test_public_and_loopback_addresses() -> None:
    assert client.address_allowed("93.184.215.14")
    assert client.address_allowed("2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    assert not client.address_allowed("127.0.0.1")
    assert client.address_allowed("127.0.0.1", allow_loopback=True)
    assert client.address_allowed("::1", allow_loopback=True)
    assert not client.address_allowed("::ffff:127.0.0.1")


def test_a_name_resolving_inside_the_network_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS answers with a public and a private address (a rebinding trick): refused as a whole, nothing sent."""
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 443)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    connected: list[object] = []
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kwargs: connected.append(args))
    endpoint = client.Endpoint("https://pact.supplier.example", CLIENT_ID, CLIENT_SECRET)
    with pytest.raises(client.AddressRefused, match=r"10\.0\.0\.5"):
        client.connect(endpoint, endpoint.policy())
    assert connected == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://pact.supplier.example/3/footprints", "only https"),
        ("https://other.example/3/footprints", "not one of the supplier's configured hosts"),
        ("https://user:pw@pact.supplier.example/3/footprints", "only https"),
        ("https://pact.supplier.example:8443/3/footprints", "not one of the supplier's configured hosts"),
    ],
)
def test_urls_outside_the_policy_are_refused(url: str, reason: str) -> None:
    policy = client.Endpoint("https://pact.supplier.example", CLIENT_ID, CLIENT_SECRET).policy()
    with pytest.raises(client.AddressRefused, match=reason):
        client.Session(client.Endpoint("https://pact.supplier.example", "a", "b"), policy, "t").get(url)


def test_link_header_parsing() -> None:
    header = '<https://a.example/3/footprints?offset=2>; rel="prev", </3/footprints?offset=9>; rel="next"'
    assert (
        client.next_link(header, "https://a.example/3/footprints")
        == "https://a.example/3/footprints?offset=9"
    )
    assert client.next_link("", "https://a.example/") is None
