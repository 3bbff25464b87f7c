"""A PACT API client: token, footprints page by page through ``Link`` headers, one footprint, events.

Outbound calls are the risky part of a client a tenant configures, so every connection goes through one guarded
path (:func:`_send`): HTTPS only, a host the :class:`Policy` allows (the endpoint's own hosts), and the address
actually connected to is the one that was resolved and checked — never private, loopback, link-local, multicast,
reserved or unspecified (``Policy.allow_loopback`` lets tests reach 127.0.0.1 / ::1 and nothing else).  No
redirect is followed, no proxy is used, answers are read up to :data:`MAX_ANSWER_BYTES`.

Errors::

    TanluError
     └── PactClientError            something went wrong talking to the supplier (``reason`` says what)
          ├── AddressRefused        the URL is not HTTPS, its host is not configured, or it resolves to a
          │                         private / loopback / link-local address
          ├── PactAnswerError       the supplier answered with an HTTP error (``status``, PACT ``code``)
          └── PactProtocolError     the answer is not what PACT specifies (not JSON, no token, no ``data``)

No Django here: the web app stores endpoints and runs pulls as jobs (:mod:`tanlu.web.exchange`). The request
events a customer sends and reads back are :mod:`tanlu.exchange.pact_events`, exported here too.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import re
import socket
import ssl
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from tanlu.errors import TanluError
from tanlu.exchange.pact_events import EVENT_TYPES, RequestAnswer, request_answer, request_created_event

# the request events are plain data of their own module (pact_events), exported here too: callers use client.*
__all__ = [
    "EVENT_TYPES",
    "MAX_ANSWER_BYTES",
    "MAX_PAGES",
    "PAGE_LIMIT",
    "TIMEOUT_SECONDS",
    "USER_AGENT",
    "AddressRefused",
    "Answer",
    "Endpoint",
    "PactAnswerError",
    "PactClientError",
    "PactProtocolError",
    "Page",
    "Policy",
    "RequestAnswer",
    "Session",
    "address_allowed",
    "connect",
    "discover_token_url",
    "next_link",
    "pull",
    "request_answer",
    "request_created_event",
    "resolve",
]

MAX_ANSWER_BYTES = 64 * 1024 * 1024
TIMEOUT_SECONDS = 30.0
PAGE_LIMIT = 100
#: pages of one listing at most: a supplier whose ``next`` links never end does not keep a worker forever
MAX_PAGES = 100_000
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
USER_AGENT = "Tanlu-PACT-client"


class PactClientError(TanluError):
    """Talking to a supplier's PACT API failed; the message says what happened, for the person who asked."""


class AddressRefused(PactClientError):
    """An outbound call refused before any byte was sent."""


class PactAnswerError(PactClientError):
    """The supplier's API answered with an error status (``code`` is PACT's error code when the body has one)."""

    def __init__(self, message: str, *, status: int, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class PactProtocolError(PactClientError):
    """The answer does not follow the PACT specification."""


@dataclass(frozen=True)
class Policy:
    """Where outbound calls may go: ``hosts`` (lower-case names or addresses, with ``:port`` when not 443) and
    whether loopback addresses are allowed (tests only).  ``context`` verifies certificates (the system's CAs by
    default; a test passes one that trusts its own certificate)."""

    hosts: frozenset[str]
    allow_loopback: bool = False
    timeout: float = TIMEOUT_SECONDS
    context: ssl.SSLContext | None = None


@dataclass(frozen=True)
class Endpoint:
    """A supplier's PACT API: its base URL (``https://pact.example.com``, the part before ``/3/footprints``), the
    major version it speaks ("3" or "2"), client credentials and the token URL when it is known."""

    base_url: str
    client_id: str
    client_secret: str
    major: str = "3"
    auth_url: str = ""

    def policy(self, *, allow_loopback: bool = False, context: ssl.SSLContext | None = None) -> Policy:
        """The policy allowing this endpoint's own hosts only."""
        hosts = {_host_key(self.base_url)}
        if self.auth_url:
            hosts.add(_host_key(self.auth_url))
        return Policy(frozenset(hosts), allow_loopback=allow_loopback, context=context)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise PactProtocolError(f"the answer (HTTP {self.status}) is not JSON") from None


@dataclass
class Page:
    """One page of a listing: its footprints (as JSON objects) and the URL of the next page, if any."""

    footprints: list[dict[str, Any]]
    next_url: str | None = None
    number: int = 1


@dataclass
class Session:
    """An endpoint with its token: every call after :func:`connect` goes through here."""

    endpoint: Endpoint
    policy: Policy
    token: str
    sent: list[str] = field(default_factory=list)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}

    def get(self, url: str) -> Answer:
        return _checked(_send("GET", url, self.policy, headers=self._headers()))

    def footprint(self, pf_id: str) -> dict[str, Any]:
        """``GET /{major}/footprints/{id}``: one footprint (PACT answers ``{"data": {...}}``)."""
        url = f"{_base(self.endpoint)}/{self.endpoint.major}/footprints/{uuid.UUID(pf_id)}"
        data = self.get(url).json()
        if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
            raise PactProtocolError("the footprint answer has no data object")
        return dict(data["data"])

    def pages(self, *, limit: int = PAGE_LIMIT, query: dict[str, str] | None = None) -> Iterator[Page]:
        """Every page of ``GET /{major}/footprints``, following ``Link: <…>; rel="next"`` (on the same host)."""
        params = {"limit": str(limit), **(query or {})}
        url: str | None = f"{_base(self.endpoint)}/{self.endpoint.major}/footprints?{urlencode(params)}"
        seen: set[str] = set()
        number = 0
        while url is not None:
            if url in seen or number >= MAX_PAGES:
                raise PactProtocolError("the next-page links go round in a circle or never end")
            seen.add(url)
            number += 1
            answer = self.get(url)
            data = answer.json()
            if not isinstance(data, dict) or not isinstance(data.get("data"), list):
                raise PactProtocolError("the footprint list has no data list")
            items = [item for item in data["data"] if isinstance(item, dict)]
            if len(items) != len(data["data"]):
                raise PactProtocolError("the footprint list holds something that is not a JSON object")
            next_url = next_link(answer.headers.get("link", ""), url)
            if next_url is not None and _host_key(next_url) != _host_key(url):
                raise AddressRefused("the next-page link points at another host")
            yield Page(items, next_url, number)
            url = next_url

    def send_event(self, event: dict[str, Any]) -> int:
        """``POST /{major}/events`` with a CloudEvent; returns the status (PACT answers 200 or 202)."""
        url = f"{_base(self.endpoint)}/{self.endpoint.major}/events"
        headers = {**self._headers(), "Content-Type": "application/cloudevents+json; charset=UTF-8"}
        body = json.dumps(event, ensure_ascii=False).encode("utf-8")
        answer = _checked(_send("POST", url, self.policy, headers=headers, body=body))
        self.sent.append(str(event.get("id", "")))
        return answer.status


def connect(endpoint: Endpoint, policy: Policy) -> Session:
    """A session with an access token: the token URL from the endpoint, else from OpenID discovery
    (``/.well-known/openid-configuration``), else ``{base}/auth/token`` (the PACT default)."""
    token_url = endpoint.auth_url or discover_token_url(endpoint, policy)
    credentials = f"{endpoint.client_id}:{endpoint.client_secret}".encode()
    headers = {
        "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii"),
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    body = urlencode({"grant_type": "client_credentials"}).encode("ascii")
    answer = _send("POST", token_url, policy, headers=headers, body=body)
    if answer.status in (400, 401):
        raise PactAnswerError(
            "the supplier refused the client id or secret", status=answer.status, code=_code(answer)
        )
    data = _checked(answer).json()
    token = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise PactProtocolError("the token answer has no access_token")
    return Session(endpoint, policy, token)


def discover_token_url(endpoint: Endpoint, policy: Policy) -> str:
    base = _base(endpoint)
    answer = _send(
        "GET", f"{base}/.well-known/openid-configuration", policy, headers={"Accept": "application/json"}
    )
    if answer.status == 200:
        data = answer.json()
        found = data.get("token_endpoint") if isinstance(data, dict) else None
        if isinstance(found, str) and found:
            return urljoin(base + "/", found)
    return f"{base}/auth/token"


def pull(
    session: Session, *, limit: int = PAGE_LIMIT, progress: Callable[[int, str], None] | None = None
) -> list[dict[str, Any]]:
    """Every footprint the supplier shows this customer, all pages; ``progress(count, message)`` after each."""
    found: list[dict[str, Any]] = []
    for page in session.pages(limit=limit):
        found.extend(page.footprints)
        if progress is not None:
            progress(len(found), f"page {page.number}")
    return found


def next_link(header: str, current: str) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (RFC 8288), resolved against the current URL."""
    for target, params in _LINK.findall(header):
        rels = re.findall(r';\s*rel\s*=\s*"?([^";]+)"?', params, flags=re.IGNORECASE)
        if any("next" in rel.lower().split() for rel in rels):
            return str(urljoin(current, str(target).strip()))
    return None


def _base(endpoint: Endpoint) -> str:
    return endpoint.base_url.rstrip("/")


def _code(answer: Answer) -> str:
    try:
        data = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ""
    return str(data.get("code", "")) if isinstance(data, dict) else ""


def _checked(answer: Answer) -> Answer:
    if 200 <= answer.status < 300:
        return answer
    code = _code(answer)
    raise PactAnswerError(
        f"the supplier answered HTTP {answer.status}{f' ({code})' if code else ''}",
        status=answer.status,
        code=code,
    )


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host if parts.port in (None, 443) else f"{host}:{parts.port}"


def address_allowed(address: str, *, allow_loopback: bool = False) -> bool:
    """Whether an outbound call may connect to ``address`` (an IPv4 or IPv6 address as text)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_link_local)


def resolve(host: str, port: int, policy: Policy) -> list[str]:
    """The addresses of ``host``, in the resolver's order; refuses when any address it resolves to is not allowed (a name
    that also points inside the network is refused as a whole)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise PactClientError(f"the host {host} is not known") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    refused = [a for a in addresses if not address_allowed(a, allow_loopback=policy.allow_loopback)]
    if refused or not addresses:
        raise AddressRefused(
            f"{host} resolves to an address that is not public ({refused[0] if refused else '-'})"
        )
    return addresses


class _PinnedConnection(http.client.HTTPSConnection):
    """HTTPS to the checked addresses only (the first that answers), with the certificate and SNI of the host."""

    def __init__(
        self, host: str, port: int, addresses: list[str], *, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._addresses = addresses
        self._tls = context

    def connect(self) -> None:
        failure: OSError = OSError("no address")
        for address in self._addresses:
            try:
                raw = socket.create_connection((address, self.port), self.timeout)
            except OSError as error:
                failure = error
                continue
            self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)
            return
        raise failure


def _send(
    method: str, url: str, policy: Policy, *, headers: dict[str, str], body: bytes | None = None
) -> Answer:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise AddressRefused(f"only https addresses are called ({parts.scheme or 'no scheme'}://…)")
    if _host_key(url) not in policy.hosts:
        raise AddressRefused(f"{parts.hostname} is not one of the supplier's configured hosts")
    port = parts.port or 443
    addresses = resolve(parts.hostname, port, policy)
    context = policy.context or ssl.create_default_context()
    connection = _PinnedConnection(parts.hostname, port, addresses, timeout=policy.timeout, context=context)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, body=body, headers={"User-Agent": USER_AGENT, **headers})
        response = connection.getresponse()
        data = response.read(MAX_ANSWER_BYTES + 1)
    except ssl.SSLError as error:
        raise PactClientError(f"the TLS connection to {parts.hostname} failed: {error.reason}") from None
    except (OSError, http.client.HTTPException) as error:
        raise PactClientError(f"{parts.hostname} could not be reached: {error}") from None
    finally:
        connection.close()
    if len(data) > MAX_ANSWER_BYTES:
        raise PactProtocolError(f"the answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MB")
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
