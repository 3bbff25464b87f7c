"""The README's terminal route on a fresh directory, with none of the test suite's settings (issue #11, items 3-6).

Every test runs the real ``tanlu`` command in a subprocess whose environment has no ``TANLU_*``, ``DATABASE_URL``
or ``DJANGO_*`` variable, in a temporary working directory: the data directory is the default ``./var/``.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import PASSWORD

TANLU = (sys.executable, "-m", "tanlu")


def clean_env(**extra: str) -> dict[str, str]:
    """A new user's environment: nothing of Tanlu's configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TANLU_", "DATABASE_URL", "DJANGO_"))}
    return {**env, **extra}


def tanlu(
    *args: str, cwd: Path, stdin: str = "", timeout: float = 180, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TANLU, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=clean_env(**extra),
        timeout=timeout,
        check=False,
    )


def createadmin(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``createadmin`` as a script runs it: every answer an option, the password on standard input."""
    return tanlu(
        "createadmin",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        "--password-stdin",
        cwd=cwd,
        stdin=PASSWORD + "\n",
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_readme_commands_work_without_any_setting(tmp_path: Path) -> None:
    """migrate, createadmin, demo, survey report and inventory report, then the key is the same file."""
    assert tanlu("migrate", cwd=tmp_path).returncode == 0
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600, "readable by its owner only"
    key = key_file.read_text()
    assert len(key.strip()) >= 50

    created = createadmin(tmp_path)
    assert created.returncode == 0, created.stderr
    assert "Administrator admin created." in created.stdout
    demo = tanlu("demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    landing = re.search(r"Start with (.+?) \(.*organization (\d+)\.", demo.stdout, flags=re.S)
    assert landing, demo.stdout
    assert landing.group(1) == "苏州精工冲压件有限公司", "the demo organization with the most in it"
    assert "/demo/" in demo.stdout, "says where to open it"

    report = tanlu("inventory", "report", landing.group(2), "--year", "2024", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["scope1"] > 0

    several = tanlu("survey", "report", "aiag_wave2", cwd=tmp_path)
    assert several.returncode == 1
    assert error_lines(several)[0].startswith(
        "Error: option --organization: the database has 7 organizations"
    )
    survey = tanlu(
        "survey", "report", "aiag_wave2", "--organization", "中国汽车供应链可持续发展联盟", cwd=tmp_path
    )
    assert survey.returncode == 0, survey.stderr
    assert json.loads(survey.stdout)["respondents"] == 245

    assert key_file.read_text() == key, "generated once, then reused by every command"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_createadmin_checks_the_configuration_before_asking(tmp_path: Path) -> None:
    """No question is asked (no prompt printed) when the command cannot succeed anyway."""
    server = tanlu("createadmin", cwd=tmp_path, DATABASE_URL="postgres://tanlu@127.0.0.1:1/tanlu")
    assert server.returncode == 1
    assert error_lines(server) == [error_lines(server)[0]]
    assert "TANLU_SECRET_KEY is not set" in server.stderr
    assert server.stdout == "", "no prompt before the error"
    unmigrated = tanlu("createadmin", cwd=tmp_path)
    assert unmigrated.returncode == 1
    assert error_lines(unmigrated)[0].startswith("Error: database:")
    assert unmigrated.stdout == ""
    scripted = tanlu("createadmin", "--password-stdin", cwd=tmp_path, stdin=PASSWORD + "\n")
    assert error_lines(scripted) == [
        "Error: option --username: needed with --password-stdin, which asks no question"
    ]


@pytest.mark.parametrize(
    ("args", "extra", "why"),
    [
        (("migrate",), {"DATABASE_URL": "postgres://tanlu@127.0.0.1:1/tanlu"}, "DATABASE_URL"),
        (("migrate",), {"TANLU_ALLOWED_HOSTS": "tanlu.example.com"}, "TANLU_ALLOWED_HOSTS"),
        (("serve", "--host", "0.0.0.0"), {}, "--host 0.0.0.0"),  # noqa: S104 - refused, that is the point
        (("serve", "--host", "0.0.0.0"), {"TANLU_DEBUG": "true"}, "--host 0.0.0.0"),  # noqa: S104
    ],
)
def test_a_server_deployment_refuses_to_start_without_its_settings(
    tmp_path: Path, args: tuple[str, ...], extra: dict[str, str], why: str
) -> None:
    result = tanlu(*args, "--port", str(free_port()), cwd=tmp_path, **extra) if args[0] == "serve" else None
    result = result or tanlu(*args, cwd=tmp_path, **extra)
    assert result.returncode == 1
    assert len(error_lines(result)) == 1, result.stderr
    assert "TANLU_SECRET_KEY is not set" in result.stderr
    assert why in result.stderr
    assert "serving at" not in result.stdout
    assert not (tmp_path / "var" / "secret_key").exists(), "no key is generated for a server"


def test_serve_on_a_port_in_use_says_so_before_starting_anything(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = tanlu("serve", "--port", str(port), cwd=tmp_path, timeout=30)
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert error_lines(result) == [
        f"Error: port {port} is in use; choose another with --port or PORT=… (e.g. make run PORT={port + 1})"
    ]
    assert result.stdout == "", "no 'serving at' line"
    assert elapsed < 15, "no five seconds of retries, no worker started"
    assert not (tmp_path / "var").exists(), "nothing was set up"


def test_serve_on_loopback_signs_in_over_plain_http(tmp_path: Path) -> None:
    """A local installation over http://127.0.0.1: cookies without Secure, CSRF checked and passed, signed in."""
    assert tanlu("migrate", cwd=tmp_path).returncode == 0
    assert createadmin(tmp_path).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [*TANLU, "serve", "--port", str(port), "--workers", "1", "--no-access-log"],
        cwd=tmp_path,
        env=clean_env(TANLU_EMBEDDED_WORKER="false"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = _wait_for(browser, f"{base}/accounts/login/", server)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        assert {c.name: c.secure for c in jar} == {"csrftoken": False}
        form = {"csrfmiddlewaretoken": token.group(1), "username": "admin", "password": PASSWORD}
        request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 server
            f"{base}/accounts/login/", data=urllib.parse.urlencode(form).encode(), headers={"Origin": base}
        )
        with browser.open(request, timeout=30) as response:
            assert response.status == 200
            assert response.url == f"{base}/", "signed in, then sent to the overview"
        cookies = {c.name: c for c in jar}
        assert "sessionid" in cookies
        assert not cookies["sessionid"].secure
        forged = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 server
            f"{base}/accounts/login/",
            data=urllib.parse.urlencode({**form, "csrfmiddlewaretoken": "x" * 64}).encode(),
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            browser.open(forged, timeout=30)
        assert refused.value.code == 403, "CSRF is still enforced"
        refused.value.close()
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
    assert f"Tanlu is serving at {base}/" in output


def _wait_for(browser: urllib.request.OpenerDirector, url: str, server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            with browser.open(url, timeout=10) as response:
                return str(response.read().decode())
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(server.communicate()[0]) from None
            time.sleep(0.3)


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """``tanlu inventory factors | head -1``: the pipe closes before the command has written everything."""
    piped = subprocess.run(
        [
            shutil.which("bash") or "/bin/bash",
            "-o",
            "pipefail",
            "-c",
            f"{sys.executable} -m tanlu inventory factors | head -1",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("# factor set ")
    closed = subprocess.Popen(
        [*TANLU, "inventory", "factors"],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert closed.stdout is not None
    closed.stdout.close()  # nothing will ever be read: the first write fails
    _out, errors = closed.communicate(timeout=60)
    assert closed.returncode == 0
    assert errors == b"", "no 'Broken pipe', no traceback"


def test_errors_about_options_name_the_option(tmp_path: Path) -> None:
    activities = tmp_path / "activities.csv"
    activities.write_text(
        "site,period_start,period_end,activity,amount,unit\nPlant,2024-01-01,2024-12-31,natural_gas,100,m3\n"
    )
    result = tanlu("inventory", "calc", str(activities), "--format", "xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert error_lines(result) == [
        "Error: option --out: needed for an XLSX report, which is not written to standard output"
    ]
    assert "column" not in result.stderr
