"""The `tanlu` command: version, administration commands, demo data, and how errors look."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tanlu import __version__
from tanlu.cli import main
from tanlu.web.accounts.models import Membership, Organization, SupplierRelationship, User

from .conftest import PASSWORD


def tanlu_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """A user's environment: none of the test suite's settings, an embedded database in ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANLU_", "DATABASE_URL", "DJANGO_"))}
    return {**env, "TANLU_DEBUG": "true", "TANLU_DATA_DIR": str(data_dir), **extra}


def run_tanlu(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tanlu", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=tanlu_env(data_dir),
        timeout=120,
        check=False,
    )


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"tanlu {__version__}"


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for command in ["serve", "migrate", "createadmin", "worker", "demo"]:
        assert command in result.output
    for group in ["inventory", "survey", "pcf", "pact", "catenax", "cbam"]:
        assert f"  {group} " in result.output


def test_a_command_loads_only_its_own_group(tmp_path: Path) -> None:
    """``tanlu pcf …`` starts without importing the survey, exchange and CBAM commands (their modules and
    Django), and with huge pages asked of polars' allocator unless the user chose otherwise."""
    probe = (
        "import os, sys\n"
        "from tanlu.cli import main\n"
        "try:\n"
        "    main(['pcf', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('tanlu.cli.survey', 'tanlu.cli.pact', 'tanlu.cli.cbam', 'django') if m in sys.modules]\n"
        "print(loaded, 'tanlu.cli.pcf' in sys.modules, os.environ.get('POLARS_THP'))\n"
    )
    env = tanlu_env(tmp_path)
    env.pop("POLARS_THP", None)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    assert result.stdout.splitlines()[-1] == "[] True 1"
    env["POLARS_THP"] = "0"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    assert result.stdout.splitlines()[-1].endswith("True 0")


def test_a_fresh_data_directory_end_to_end(tmp_path: Path) -> None:
    """migrate, createadmin and demo on a new embedded database, as a user types them."""
    assert run_tanlu("migrate", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "tanlu.sqlite3").exists()
    created = run_tanlu(
        "createadmin",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        "--organization",
        "Test Motors",
        "--kind",
        "oem",
        "--password-stdin",
        data_dir=tmp_path,
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    demo = run_tanlu("demo", data_dir=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "Demo data loaded for admin" in demo.stdout
    again = run_tanlu("demo", data_dir=tmp_path)
    assert again.returncode == 0, "running the demo twice is safe"


# createadmin on a data directory that was never migrated: the database has no tables.
UNMIGRATED = ("createadmin", "--username", "a", "--email", "a@example.com", "--password-stdin")


def test_errors_are_one_clear_line_without_traceback(tmp_path: Path) -> None:
    result = run_tanlu(*UNMIGRATED, data_dir=tmp_path, stdin=PASSWORD + "\n")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: database:"), lines


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_tanlu("--debug", *UNMIGRATED, data_dir=tmp_path, stdin=PASSWORD + "\n")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


@pytest.mark.django_db
def test_createadmin_refuses_a_weak_password() -> None:
    result = CliRunner().invoke(
        main,
        [
            "createadmin",
            "--username",
            "weak",
            "--email",
            "weak@example.com",
            "--organization",
            "X",
            "--password-stdin",
        ],
        input="123\n",
    )
    assert result.exit_code == 1
    assert "password" in result.output
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_gives_administrators_the_demo_organizations(make_user: Any) -> None:
    admin = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert Organization.objects.count() >= 6
    assert Membership.objects.filter(user=admin).count() >= 6
    assert SupplierRelationship.objects.count() >= 4
    assert CliRunner().invoke(main, ["demo", "--owner", "nobody"]).exit_code == 1


def test_backup_of_the_embedded_database_restores(tmp_path: Path) -> None:
    """An online backup is a complete database: a server started on it sees the same data."""
    live, restored = tmp_path / "live", tmp_path / "restored"
    assert run_tanlu("migrate", data_dir=live).returncode == 0
    run_tanlu(
        "createadmin",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        "--organization",
        "Backup Co",
        "--password-stdin",
        data_dir=live,
        stdin=PASSWORD + "\n",
    )
    result = run_tanlu("backup", str(tmp_path / "copy.sqlite3"), data_dir=live)
    assert result.returncode == 0, result.stderr
    assert run_tanlu("backup", str(tmp_path / "copy.sqlite3"), data_dir=live).returncode == 1, (
        "never overwrites"
    )
    restored.mkdir()
    (tmp_path / "copy.sqlite3").rename(restored / "tanlu.sqlite3")
    again = run_tanlu(
        "createadmin",
        "--username",
        "admin",
        "--email",
        "other@example.com",
        "--password-stdin",
        data_dir=restored,
        stdin=PASSWORD + "\n",
    )
    assert again.returncode == 1
    assert "this username is taken" in again.stderr, "the restored database has the administrator"


def test_a_worker_process_runs_queued_jobs(tmp_path: Path) -> None:
    """A job queued by the web app (database backend) is run by a separate `tanlu worker` process."""
    assert run_tanlu("migrate", data_dir=tmp_path).returncode == 0
    run_tanlu(
        "createadmin",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        "--organization",
        "Queue Co",
        "--password-stdin",
        data_dir=tmp_path,
        stdin=PASSWORD + "\n",
    )
    env = tanlu_env(tmp_path, TANLU_TASKS="database")
    script = (
        "from tanlu.cli.django_setup import setup; setup()\n"
        "from django.db import transaction\n"
        "from tanlu.web.accounts.models import User\n"
        "from tanlu.web.jobs.services import start_demo_load\n"
        "with transaction.atomic():\n"
        "    job = start_demo_load(User.objects.get(username='admin'))\n"
        "print(job.pk)\n"
    )
    queued = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    job_id = queued.stdout.strip().splitlines()[-1]
    worked = run_tanlu("worker", "--batch", data_dir=tmp_path)
    assert worked.returncode == 0, worked.stderr
    check = (
        "from tanlu.cli.django_setup import setup; setup()\n"
        "from tanlu.web.jobs.models import Job\n"
        f"job = Job.objects.get(pk='{job_id}'); print(job.status, job.error)\n"
    )
    status = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, check=True
    )
    assert status.stdout.split()[0] == "succeeded", status.stdout


@pytest.mark.django_db
def test_the_demo_page_opens_the_richest_demo_organization() -> None:
    """After the demo the administrator is told where it is, and one button switches to it."""
    from django.test import Client  # noqa: PLC0415

    from tanlu.web import demo as demo_data  # noqa: PLC0415

    admin = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    assert CliRunner().invoke(main, ["demo"]).exit_code == 0
    richest = demo_data.richest_organization()
    assert richest is not None
    assert richest.name == "苏州精工冲压件有限公司", (
        "inventory, suppliers and customers: the most kinds of data"
    )
    client = Client()
    client.force_login(admin)
    page = client.get("/demo/", secure=True).content.decode()
    assert f"Start with {richest.name}" in page
    switched = client.post("/organizations/switch/", {"organization": richest.pk, "next": "/"}, secure=True)
    assert switched.status_code == 302
    assert client.get("/", secure=True).context["current_organization"] == richest
