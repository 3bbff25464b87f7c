"""Configuration comes from environment variables, each one documented, and production refuses unsafe defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tanlu import config
from tanlu.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"TANLU_SECRET_KEY": "k" * 50, "TANLU_ALLOWED_HOSTS": "tanlu.example.com"}


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"^### `(\w+)`", (ROOT / "docs/configuration.md").read_text(), flags=re.M))
    declared = {setting.name for setting in config.SETTINGS}
    assert declared - documented == set(), "document these in docs/configuration.md"
    assert documented - declared == set(), "docs/configuration.md documents settings that do not exist"


def test_every_setting_is_used_by_the_config_object() -> None:
    fields = set(config.Config.__dataclass_fields__)
    for setting in config.SETTINGS:
        assert setting.name.removeprefix("TANLU_").lower() in fields


def test_production_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(ConfigurationError, match="TANLU_SECRET_KEY"):
        config.load({"TANLU_ALLOWED_HOSTS": "tanlu.example.com"})
    with pytest.raises(ConfigurationError, match="too short"):
        config.load({**PRODUCTION, "TANLU_SECRET_KEY": "short"})


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    with pytest.raises(ConfigurationError, match="TANLU_ALLOWED_HOSTS"):
        config.load({"TANLU_SECRET_KEY": "k" * 50, "DATABASE_URL": "postgres://db/tanlu"})
    with pytest.raises(ConfigurationError, match="TANLU_SECRET_KEY"):
        config.load({"DATABASE_URL": "postgres://db/tanlu"})


def test_development_needs_neither(tmp_path: Path) -> None:
    loaded = config.load({"TANLU_DEBUG": "true", "TANLU_DATA_DIR": str(tmp_path)})
    assert loaded.debug
    assert loaded.secret_key is None
    key = config.local_secret_key(tmp_path)
    assert key == config.local_secret_key(tmp_path), "generated once, then kept"
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_local_installation_needs_no_setting(tmp_path: Path) -> None:
    """No DATABASE_URL, no TANLU_ALLOWED_HOSTS: the loopback names, plain-HTTP cookies, a generated key."""
    loaded = config.load({"TANLU_DATA_DIR": str(tmp_path)})
    assert loaded.local
    assert not loaded.https_only
    assert loaded.hosts == ["localhost", "127.0.0.1", "[::1]"]
    (tmp_path / "secret_key").write_text("k" * 50)
    (tmp_path / "secret_key").chmod(0o644)
    assert config.local_secret_key(tmp_path) == "k" * 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600, "made owner-only again"
    assert config.load(PRODUCTION).https_only
    assert not config.load(PRODUCTION).local


def test_listening_beyond_this_machine_needs_explicit_settings(tmp_path: Path) -> None:
    local = config.load({"TANLU_DATA_DIR": str(tmp_path)})
    for host in ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]:
        assert config.is_loopback(host), host
        config.check_listen_address(local, host)
    for host in ["0.0.0.0", "192.168.1.5", "::", "tanlu.example.com"]:  # noqa: S104 - what is refused
        assert not config.is_loopback(host), host
        with pytest.raises(ConfigurationError, match="TANLU_SECRET_KEY"):
            config.check_listen_address(local, host)
    config.check_listen_address(config.load(PRODUCTION), "0.0.0.0")  # noqa: S104 - explicit settings


def test_values_are_typed_and_checked() -> None:
    loaded = config.load(
        {**PRODUCTION, "TANLU_WEB_WORKERS": "3", "TANLU_ALLOWED_HOSTS": "a.example, b.example"}
    )
    assert loaded.web_workers == 3
    assert loaded.allowed_hosts == ["a.example", "b.example"]
    assert loaded.database_url is None
    with pytest.raises(ConfigurationError, match="TANLU_DEBUG"):
        config.load({**PRODUCTION, "TANLU_DEBUG": "maybe"})
    with pytest.raises(ConfigurationError, match="TANLU_WEB_WORKERS"):
        config.load({**PRODUCTION, "TANLU_WEB_WORKERS": "two"})
    with pytest.raises(ConfigurationError, match="TANLU_TASKS"):
        config.load({**PRODUCTION, "TANLU_TASKS": "celery"})


def test_no_secret_in_the_repository() -> None:
    pattern = re.compile(r"(SECRET_KEY|PASSWORD)\s*=\s*['\"][^'\"]{8,}['\"]")
    for path in (ROOT / "src").rglob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path
