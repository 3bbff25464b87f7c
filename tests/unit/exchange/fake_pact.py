"""A fake supplier PACT API over real HTTPS on 127.0.0.1 (a self-signed certificate made for the test run).

It answers the calls a PACT client makes: OpenID discovery, ``/auth/token`` with HTTP Basic, ``/3/footprints``
pages with ``Link`` headers, ``/3/footprints/{id}`` and ``/3/events``.  ``requests`` records what arrived, so a
test sees exactly what the client sent.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import ssl
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CLIENT_ID = "oem-customer"
CLIENT_SECRET = "s3cret-of-the-supplier"
TOKEN = "token-of-the-fake-supplier"


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for ``localhost`` and 127.0.0.1, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@dataclass
class FakeSupplier:
    footprints: list[dict[str, Any]]
    base_url: str = ""
    context: ssl.SSLContext | None = None
    #: the PEM file of its certificate (a CA file the client can trust), while it runs
    ca_file: str = ""
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    #: a test can replace the answer to one path: path -> (status, headers, body)
    overrides: dict[str, Callable[[], tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)


def _handler(supplier: FakeSupplier) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _answer(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _handle(self, method: str) -> None:  # noqa: PLR0911 - one return per route of the fake API
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            supplier.requests.append((method, self.path, dict(self.headers.items()), body))
            if parts.path in supplier.overrides:
                status, headers, data = supplier.overrides[parts.path]()
                self._answer(status, data, headers)
                return
            if parts.path == "/.well-known/openid-configuration":
                self._answer(
                    200, {"issuer": supplier.base_url, "token_endpoint": f"{supplier.base_url}/auth/token"}
                )
                return
            if parts.path == "/auth/token" and method == "POST":
                expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {expected}":
                    self._answer(401, {"error": "invalid_client"})
                    return
                self._answer(200, {"access_token": TOKEN, "token_type": "bearer"})
                return
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._answer(401, {"code": "BadRequest", "message": "no token"})
                return
            if parts.path == "/3/footprints":
                query = parse_qs(parts.query)
                limit = int(query.get("limit", ["100"])[0])
                offset = int(query.get("offset", ["0"])[0])
                page = supplier.footprints[offset : offset + limit]
                headers = {}
                if offset + limit < len(supplier.footprints):
                    headers["Link"] = (
                        f'<{supplier.base_url}/3/footprints?limit={limit}&offset={offset + limit}>; rel="next"'
                    )
                self._answer(200, {"data": page}, headers)
                return
            if parts.path.startswith("/3/footprints/"):
                wanted = parts.path.rsplit("/", 1)[1]
                found = [pf for pf in supplier.footprints if pf.get("id") == wanted]
                if found:
                    self._answer(200, {"data": found[0]})
                else:
                    self._answer(404, {"code": "NoSuchFootprint", "message": "not found"})
                return
            if parts.path == "/3/events" and method == "POST":
                self._answer(200, b"")
                return
            self._answer(404, {"code": "NotFound", "message": "no such path"})

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

    return Handler


@contextmanager
def running(footprints: list[dict[str, Any]]) -> Iterator[FakeSupplier]:
    """The fake supplier serving ``footprints`` at ``https://localhost:<port>`` until the block ends."""
    supplier = FakeSupplier(list(footprints))
    with tempfile.TemporaryDirectory(prefix="tanlu-fake-pact-") as folder:
        cert, key = certificate(Path(folder))
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert, key)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(supplier))
        server.socket = server_context.wrap_socket(server.socket, server_side=True)
        supplier.base_url = f"https://localhost:{server.server_address[1]}"
        supplier.context = ssl.create_default_context(cafile=str(cert))
        supplier.ca_file = str(cert)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield supplier
        finally:
            server.shutdown()
            server.server_close()
            thread.join(5)
