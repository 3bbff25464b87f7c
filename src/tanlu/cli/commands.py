"""The platform's own commands: serve, worker, migrate, createadmin, demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from tanlu import config as tanlu_config
from tanlu.cli.django_setup import setup
from tanlu.cli.listen import bind_address, ensure_port_free
from tanlu.cli.progress import progress_bar
from tanlu.errors import ConfigurationError, InputError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    envvar="PORT",
    show_envvar=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Web server processes [default: TANLU_WEB_WORKERS].",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Threads per web server process [default: TANLU_WEB_THREADS].",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Print one line per request to standard output (errors are printed either way).",
)
def serve(host: str, port: int, workers: int | None, threads: int | None, access_log: bool) -> None:
    """Serve the web app (gunicorn), with an embedded background worker unless TANLU_EMBEDDED_WORKER is off.

    On a loopback address (the default) a local installation needs no setting; an address other machines reach
    needs TANLU_SECRET_KEY and TANLU_ALLOWED_HOSTS.
    """
    settings_now = tanlu_config.load()  # every check before anything starts: settings, address, port
    tanlu_config.check_listen_address(settings_now, host)
    ensure_port_free(host, port)
    if settings_now.local and not settings_now.base_url:  # links in emails point where this server listens
        os.environ["TANLU_BASE_URL"] = f"http://{bind_address(host, port)}"
    setup(quiet=False)
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415

    from tanlu.web.wsgi import application  # noqa: PLC0415

    config = settings.CONFIG
    if settings.TANLU_COLLECT_STATIC:
        call_command("collectstatic", interactive=False, verbosity=0)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": bind_address(host, port),
                "workers": workers or config.web_workers,
                "threads": threads or config.web_threads,
                "worker_class": "gthread",
                "accesslog": "-" if access_log else None,
                "errorlog": "-",
                "logger_class": "tanlu.web.logs.GunicornLogger",  # one line each, link tokens redacted
                "timeout": 120,
                "graceful_timeout": 20,
                "forwarded_allow_ips": "127.0.0.1,::1",
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    worker = None
    if config.embedded_worker and config.tasks == "database":
        from tanlu.web.jobs.supervisor import EmbeddedWorker  # noqa: PLC0415

        worker = EmbeddedWorker().start()  # started again whenever it dies
    click.echo(f"Tanlu is serving at http://{bind_address(host, port)}/  (Ctrl+C stops it)")
    try:
        Server().run()
    finally:
        if worker is not None:
            worker.stop()


@click.command()
@click.option("--batch", is_flag=True, help="Run the tasks waiting now, then exit.")
@click.option(
    "--interval", default=1.0, show_default=True, type=float, help="Seconds between polls of the queue."
)
def worker(batch: bool, interval: float) -> None:
    """Run background tasks (imports, recalculations, reports) queued in the database."""
    setup(quiet=False)
    from tanlu.web.jobs.worker import run_worker  # noqa: PLC0415

    run_worker(batch=batch, interval=interval)  # survives a locked database, recovers interrupted jobs


@click.command()
def migrate() -> None:
    """Create or upgrade the database's tables."""
    setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=1)
    call_command("createcachetable", verbosity=0)


@click.command()
@click.option("--username", help="Sign-in name [asked when not given].")
@click.option("--email", help="Email address, for password resets [asked when not given].")
@click.option(
    "--organization", default=None, help="Create this organization with the new administrator as owner."
)
@click.option(
    "--kind",
    type=click.Choice(["association", "oem", "supplier"]),
    default="supplier",
    show_default=True,
    help="Kind of the organization.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input and ask nothing (for scripts).",
)
def createadmin(
    username: str | None, email: str | None, organization: str | None, kind: str, password_stdin: bool
) -> None:
    """Create an administrator (the first one, or another). There is no default password.

    The configuration and the database are checked before any question; each answer is checked as it is given.
    """
    for option, value in (("--username", username), ("--email", email)):
        if password_stdin and not value:
            raise InputError("needed with --password-stdin, which asks no question", column=option)
    setup()
    from django.contrib.auth import password_validation  # noqa: PLC0415
    from django.core.exceptions import ValidationError  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from tanlu.web.accounts import services  # noqa: PLC0415
    from tanlu.web.accounts.models import User  # noqa: PLC0415

    first = not User.objects.exists()  # also fails now, before a question, on a database never migrated
    username = username or click.prompt("Username")
    if User.objects.filter(username=username).exists():
        raise InputError("this username is taken", column="--username", value=username)
    email = email or click.prompt("Email")
    if User.objects.filter(email__iexact=email).exists():
        raise InputError("an account with this email address exists", column="--email", value=email)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        password_validation.validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        raise InputError("the password is refused: " + " ".join(error.messages)) from None
    if first and not organization:
        default = f"{username}'s organization"
        organization = default if password_stdin else click.prompt("Organization", default=default)
    with transaction.atomic():
        if not User.objects.exists():
            services.create_first_administrator(
                username=username,
                email=email,
                password=password,
                organization_name=organization,
                organization_kind=kind,
            )
        else:
            user = User.objects.create_superuser(username=username, email=email, password=password)
            if organization:
                services.create_organization(user, name=organization, kind=kind)
    click.echo(f"Administrator {username} created.")


@click.command()
@click.option(
    "--owner",
    "owners",
    multiple=True,
    help="Username that gets access to the demo organizations [default: every superuser].",
)
def demo(owners: tuple[str, ...]) -> None:
    """Load demonstration data: organizations, suppliers and each area's samples. Safe to run twice."""
    setup()
    from tanlu.web import demo as demo_data  # noqa: PLC0415
    from tanlu.web.accounts.models import User  # noqa: PLC0415

    users = list(
        User.objects.filter(username__in=owners) if owners else User.objects.filter(is_superuser=True)
    )
    if owners and len(users) != len(set(owners)):
        missing = sorted(set(owners) - {u.username for u in users})
        raise InputError("no such user", column="--owner", value=", ".join(missing))
    if not users:
        raise ConfigurationError("there is no administrator yet: run `tanlu createadmin` first")
    with progress_bar("Loading demo data") as progress:
        summaries = demo_data.load(users, progress)
    for line in summaries:
        click.echo(f"  {line}")
    click.echo(f"Demo data loaded for {', '.join(u.username for u in users)}.")
    richest = demo_data.richest_organization()
    if richest is not None:
        name = f"{richest.name} ({richest.name_en})" if richest.name_en else richest.name
        click.echo(
            f"Start with {name}, the demo organization with the most in it: sign in, open /demo/ and choose "
            f'"Open", or pick it in the organization switcher. The CLI knows it as '
            f"organization {richest.pk}."
        )


@click.command()
@click.argument("destination", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup(destination: Path) -> None:
    """Copy the embedded SQLite database to DESTINATION, consistently, while Tanlu keeps running.

    Uses SQLite's online backup API. For PostgreSQL use pg_dump (docs/deployment.md).
    """
    setup()
    import sqlite3  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    if connection.vendor != "sqlite":
        raise ConfigurationError(
            "tanlu backup copies the embedded SQLite database; for PostgreSQL use pg_dump "
            "(see docs/deployment.md)"
        )
    if destination.exists():
        raise InputError("the backup file exists already; choose a new name", file=str(destination))
    source = sqlite3.connect(str(connection.settings_dict["NAME"]))
    target = sqlite3.connect(str(destination))
    try:
        with click.progressbar(length=100, label="Backing up") as bar:

            def progress(_status: int, remaining: int, total: int) -> None:
                bar.update(int(100 * (total - remaining) / max(total, 1)) - bar.pos)

            source.backup(target, pages=256, progress=progress)
        integrity = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        target.close()
        source.close()
    if integrity != "ok":
        destination.unlink()
        raise ConfigurationError(f"the backup failed its integrity check ({integrity}); nothing was kept")
    click.echo(f"Backed up to {destination}")


COMMANDS = [serve, worker, migrate, createadmin, demo, backup]
