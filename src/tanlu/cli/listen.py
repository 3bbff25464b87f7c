"""Where ``tanlu serve`` listens: checked before anything starts, so a mistake costs one clear line.

gunicorn only finds a port in use after the command has printed where it serves and started the embedded worker,
then retries for five seconds; probing the address first lets ``serve`` stop before any of that.
"""

from __future__ import annotations

import errno
import socket

import click


def bind_address(host: str, port: int) -> str:
    """gunicorn's ``bind`` for ``host``: an IPv6 address in brackets, as in a URL."""
    name = host.removeprefix("[").removesuffix("]")
    return f"[{name}]:{port}" if ":" in name else f"{name}:{port}"


def ensure_port_free(host: str, port: int) -> None:
    """Raise a :class:`click.ClickException` naming the way out when ``host:port`` cannot be listened on.

    The probe binds as gunicorn will (``SO_REUSEADDR``, so connections of a server that just stopped do not count)
    and closes the socket at once.
    """
    name = host.removeprefix("[").removesuffix("]")
    try:
        addresses = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise click.ClickException(f"cannot listen on {host}: {error.strerror}; check --host") from None
    family, kind, protocol, _name, address = addresses[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"port {port} is in use; choose another with --port or PORT=… (e.g. make run PORT={port + 1})"
                ) from None
            if error.errno == errno.EACCES:
                raise click.ClickException(
                    f"port {port} needs administrator rights; choose one above 1023 with --port or PORT=…"
                ) from None
            raise click.ClickException(
                f"cannot listen on {host}:{port}: {error.strerror}; check --host"
            ) from None
