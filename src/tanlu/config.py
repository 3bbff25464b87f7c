"""Tanlu's configuration: one typed object read from environment variables.

Every setting is declared once in :data:`SETTINGS` with its type, default and description; ``docs/configuration.md``
documents each of them and a test fails when one is missing there.  The Django settings module, the CLI and the
background worker all read configuration through :func:`load`, never through ``os.environ`` directly.

Two kinds of installation need different defaults (:attr:`Config.local`):

- a *local* one (no ``DATABASE_URL``, no ``TANLU_ALLOWED_HOSTS``): the embedded database, used from this machine
  over plain HTTP. Every command works without a setting: the secret key is generated once into the data directory
  (owner-only), the loopback names are the allowed hosts, cookies are not HTTPS-only.
- a *server* deployment (``DATABASE_URL``, or ``TANLU_ALLOWED_HOSTS`` naming the hosts it serves): nothing is
  guessed. Without ``TANLU_SECRET_KEY`` and ``TANLU_ALLOWED_HOSTS`` it refuses to start, and cookies are HTTPS-only.
  ``tanlu serve`` on an address other machines can reach needs both too (:func:`check_listen_address`).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tanlu.errors import ConfigurationError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def _parse_int(name: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from None


def _parse_list(_name: str, raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _parse_str(_name: str, raw: str) -> str:
    return raw.strip()


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, how to parse it, its default and what it is for."""

    name: str
    parse: Callable[[str, str], Any]
    default: str | None
    description: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        _parse_str,
        None,
        "Server database, e.g. `postgres://user:pass@host:5432/tanlu`. Unset: the embedded SQLite database "
        "`tanlu.sqlite3` in `TANLU_DATA_DIR`.",
    ),
    Setting(
        "TANLU_DATA_DIR",
        _parse_str,
        "var",
        "Directory for the embedded database, uploaded files, generated reports and the generated secret key of a "
        "local installation (`secret_key`, readable by its owner only). Relative paths are taken from the current "
        "directory.",
    ),
    Setting(
        "TANLU_DEBUG",
        _parse_bool,
        "false",
        "Development mode: detailed error pages, no HTTPS-only cookies, a secret key generated into "
        "`TANLU_DATA_DIR` and the loopback names as allowed hosts even with `DATABASE_URL`. Never in production. "
        "`make run` turns it on.",
    ),
    Setting(
        "TANLU_SECRET_KEY",
        _parse_str,
        None,
        "Django's secret key (50+ random characters). Required by a server deployment (`DATABASE_URL` or "
        "`TANLU_ALLOWED_HOSTS` set, or `tanlu serve` on an address other machines reach): it refuses to start "
        "without it. Unset on a local installation: generated once into `TANLU_DATA_DIR/secret_key` (mode 0600) "
        "and reused. Generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
    ),
    Setting(
        "TANLU_ALLOWED_HOSTS",
        _parse_list,
        "",
        "Comma-separated host names the app answers to, e.g. `tanlu.example.com`. Setting it makes the "
        "installation a server deployment (HTTPS-only cookies, `TANLU_SECRET_KEY` required). Required with "
        "`DATABASE_URL` and for `tanlu serve` on an address other machines reach. Unset on a local installation: "
        "`localhost,127.0.0.1,[::1]`.",
    ),
    Setting(
        "TANLU_BASE_URL",
        _parse_str,
        "",
        "The public address of the site, e.g. `https://tanlu.example.com`. Used for links in emails (invitations, "
        "password resets); never taken from a request's Host header. Unset: `http://127.0.0.1:8000`, or the "
        "address `tanlu serve` listens on for a local installation.",
    ),
    Setting(
        "TANLU_EMAIL_URL",
        _parse_str,
        None,
        "Where email goes, as a URL: `smtp://user:pass@host:587/?tls=True`, `smtp+ssl://…:465`, "
        "`file:///path/to/dir`, `console:` (printed to the log), `memory:` for tests. Unset: `console:` in "
        "development, and in production one file per email in `TANLU_DATA_DIR/mail/` (never printed: the emails "
        "hold invitation and password-reset links). Production refuses `console:` unless `TANLU_EMAIL_CONSOLE` "
        "is true.",
    ),
    Setting(
        "TANLU_EMAIL_CONSOLE",
        _parse_bool,
        "false",
        "Allow `TANLU_EMAIL_URL=console:` in production (TANLU_DEBUG off), which prints every email, with its "
        "invitation and password-reset links, to the log. Only for a trial where nobody else reads the log.",
    ),
    Setting(
        "TANLU_DEFAULT_FROM_EMAIL",
        _parse_str,
        "Tanlu <noreply@localhost>",
        "Sender address of the emails Tanlu sends.",
    ),
    Setting(
        "TANLU_TASKS",
        _parse_str,
        "database",
        "How background tasks run: `database` (queued in the database, run by `tanlu worker` or by the worker "
        "that `tanlu serve` starts) or `immediate` (run at once inside the request; for tests).",
    ),
    Setting(
        "TANLU_EMBEDDED_WORKER",
        _parse_bool,
        "true",
        "Whether `tanlu serve` starts one background worker process beside the web server, so that a single "
        "machine needs no second command. Set to false when you run `tanlu worker` processes yourself.",
    ),
    Setting(
        "TANLU_WEB_WORKERS",
        _parse_int,
        "4",
        "Number of web server processes `tanlu serve` starts (each with `TANLU_WEB_THREADS` threads). About two "
        "per core: 4 × 2 threads sustained 200 survey submissions a second on 2 cores (docs/performance.md).",
    ),
    Setting(
        "TANLU_WEB_THREADS",
        _parse_int,
        "2",
        "Threads per web server process. Python runs one thread of a process at a time, so CPU-bound pages scale "
        "with processes, not threads; threads help while requests wait on the database or the network.",
    ),
    Setting(
        "TANLU_DB_CONN_MAX_AGE",
        _parse_int,
        "60",
        "Seconds a process keeps a database connection open for the next request (PostgreSQL and SQLite); 0 opens "
        "a new connection for every request.",
    ),
    Setting(
        "TANLU_SECURE_PROXY_SSL_HEADER",
        _parse_bool,
        "false",
        "Trust the `X-Forwarded-Proto` header set by a reverse proxy that terminates TLS.",
    ),
    Setting(
        "TANLU_HSTS_SECONDS",
        _parse_int,
        "31536000",
        "Strict-Transport-Security max-age of a server deployment (not sent in development or by a local "
        "installation, which answers over plain HTTP).",
    ),
    Setting(
        "TANLU_LOGIN_ATTEMPTS",
        _parse_int,
        "5",
        "Failed sign-ins allowed per account in `TANLU_LOGIN_WINDOW` seconds before further attempts are "
        "refused (four times as many per client address); password-reset emails are limited the same way.",
    ),
    Setting(
        "TANLU_LOGIN_WINDOW",
        _parse_int,
        "900",
        "The window, in seconds, over which failed sign-ins are counted.",
    ),
    Setting(
        "TANLU_SURVEY_TOKEN_MISSES",
        _parse_int,
        "20",
        "Unknown survey and member-invitation links one client address may try in `TANLU_SURVEY_TOKEN_WINDOW` "
        "seconds; after that every such link from that address answers 429 (with `Retry-After` and a page that "
        "says how long to wait), so tokens cannot be guessed.",
    ),
    Setting(
        "TANLU_SURVEY_TOKEN_WINDOW",
        _parse_int,
        "900",
        "The window, in seconds, over which unknown survey and member-invitation links are counted.",
    ),
    Setting("TANLU_MAX_UPLOAD_MB", _parse_int, "50", "Largest file or request body accepted, in megabytes."),
    Setting(
        "TANLU_LOG_LEVEL", _parse_str, "INFO", "Level of Tanlu's own loggers: DEBUG, INFO, WARNING or ERROR."
    ),
    Setting(
        "TANLU_PACT_CLIENT_ALLOW_LOOPBACK",
        _parse_bool,
        "false",
        "Let the PACT client call suppliers' APIs on loopback addresses (127.0.0.1, ::1). For tests only: "
        "private, link-local and other non-public addresses stay refused either way.",
    ),
    Setting(
        "TANLU_PACT_CLIENT_CA_FILE",
        _parse_str,
        None,
        "A PEM file of certificate authorities the PACT client trusts instead of the system's (a company CA, "
        "or a test's self-signed certificate).",
    ),
)


@dataclass(frozen=True)
class Config:
    """The parsed configuration; attribute names are the settings' names in lower case without ``TANLU_``."""

    database_url: str | None
    data_dir: Path
    debug: bool
    secret_key: str | None
    allowed_hosts: list[str]
    base_url: str
    email_url: str | None
    email_console: bool
    default_from_email: str
    tasks: str
    embedded_worker: bool
    web_workers: int
    web_threads: int
    db_conn_max_age: int
    secure_proxy_ssl_header: bool
    hsts_seconds: int
    login_attempts: int
    login_window: int
    survey_token_misses: int
    survey_token_window: int
    max_upload_mb: int
    log_level: str
    pact_client_allow_loopback: bool = False
    pact_client_ca_file: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def local(self) -> bool:
        """A local installation: the embedded database, answering only to this machine's loopback names."""
        return self.database_url is None and not self.allowed_hosts

    @property
    def hosts(self) -> list[str]:
        """The host names to answer to: the configured ones, else (local or development) the loopback names."""
        return self.allowed_hosts or list(LOOPBACK_HOSTS)

    @property
    def https_only(self) -> bool:
        """Cookies marked Secure and HSTS: everywhere but development and a local installation on plain HTTP."""
        return not self.debug and not self.local


#: what a local installation answers to: names that only this machine can use to reach it
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _attribute(name: str) -> str:
    return name.removeprefix("TANLU_").lower()


def load(environ: Mapping[str, str] | None = None) -> Config:
    """Read every declared setting from ``environ`` (default: the process environment) and check them together."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = env.get(setting.name)
        if raw is None or (raw.strip() == "" and setting.default is None):
            values[_attribute(setting.name)] = (
                None if setting.default is None else setting.parse(setting.name, setting.default)
            )
        else:
            values[_attribute(setting.name)] = setting.parse(setting.name, raw)
    values["data_dir"] = Path(values["data_dir"]).expanduser().resolve()
    if values["tasks"] not in {"database", "immediate"}:
        raise ConfigurationError(f"TANLU_TASKS must be 'database' or 'immediate', not {values['tasks']!r}")
    if values["web_workers"] < 1:
        raise ConfigurationError("TANLU_WEB_WORKERS must be at least 1")
    if values["web_threads"] < 1:
        raise ConfigurationError("TANLU_WEB_THREADS must be at least 1")
    if values["db_conn_max_age"] < 0:
        raise ConfigurationError("TANLU_DB_CONN_MAX_AGE must be 0 or more")
    config = Config(**values)
    _check_email(config)
    if config.secret_key is not None and len(config.secret_key) < 32:
        raise ConfigurationError("TANLU_SECRET_KEY is too short: use at least 32 random characters.")
    if not config.debug and not config.local:
        _check_server(config, "A server deployment (DATABASE_URL or TANLU_ALLOWED_HOSTS set)")
    return config


def _check_server(config: Config, what: str) -> None:
    """A server deployment guesses nothing: its secret key and host names are set explicitly."""
    if not config.secret_key:
        raise ConfigurationError(
            f"TANLU_SECRET_KEY is not set. {what} needs a secret key of its own: see docs/configuration.md."
        )
    if not config.allowed_hosts:
        raise ConfigurationError(
            f"TANLU_ALLOWED_HOSTS is not set. {what} must name the hosts it serves: see docs/configuration.md."
        )


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is reachable from this machine only."""
    name = host.strip().removeprefix("[").removesuffix("]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_listen_address(config: Config, host: str) -> None:
    """Listening where other machines can connect serves them: only with an explicit key and host names.

    Raises :class:`ConfigurationError` for a non-loopback ``host`` unless ``TANLU_SECRET_KEY`` and
    ``TANLU_ALLOWED_HOSTS`` are set, whatever ``TANLU_DEBUG`` says.
    """
    if not is_loopback(host):
        _check_server(config, f"`tanlu serve --host {host}` answers other machines, so it")


def _check_email(config: Config) -> None:
    """Production prints no email (its links let a reader join organizations or reset passwords) unless asked to."""
    if not config.debug and (config.email_url or "").startswith("console:") and not config.email_console:
        raise ConfigurationError(
            "TANLU_EMAIL_URL=console: prints every invitation and password-reset link to the log. In production "
            "(TANLU_DEBUG off) set an smtp:// or file:// address, or TANLU_EMAIL_CONSOLE=true to print anyway."
        )


def local_secret_key(data_dir: Path) -> str:
    """The secret key of a local or development installation: generated once into the data directory, then reused.

    The file is created readable by its owner only (mode 0600) and complete: it is written under a temporary name
    and linked into place, so two processes starting together (``tanlu serve`` and its worker) agree on one key and
    neither reads a half-written file. A key file that others can read is made owner-only again.
    """
    import secrets  # noqa: PLC0415 - only local installations need it
    import tempfile  # noqa: PLC0415

    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=data_dir, prefix=".secret_key.")  # mode 0600
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(secrets.token_urlsafe(50))
            with contextlib.suppress(FileExistsError):  # another process made it first: use that one
                path.hardlink_to(temporary)
        finally:
            temporary.unlink()
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise ConfigurationError(f"{path} holds no usable secret key: delete it and a new one is generated")
    return key
