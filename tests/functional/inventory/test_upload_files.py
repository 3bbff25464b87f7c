"""An upload is a file of the data directory (``imports/<organization>/<batch>/upload``, owner-only), never a blob
in a database row; it is deleted when its batch is accepted or cancelled and when the upload is refused (too
large, imported before, unreadable); migration 0008 moves the blobs of open imports out to files and back."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from tanlu.errors import InputError
from tanlu.web.accounts.models import Membership
from tanlu.web.inventory import importing, importing_accept, uploads
from tanlu.web.inventory.models import ImportBatch, ImportUpload

from .conftest import upload
from .files import gbk_csv


@pytest.fixture(autouse=True)
def _no_files_of_earlier_tests() -> None:
    """Rolled-back tests leave their files (a database rollback deletes no file), and SQLite reuses their ids."""
    shutil.rmtree(uploads.root(), ignore_errors=True)


def _membership(tenant: Any) -> Membership:
    return Membership.objects.get(organization=tenant.organization, user=tenant.owner)


def _files(organization_id: int) -> list[Path]:
    directory = Path(settings.DATA_DIR) / "imports" / str(organization_id)
    return sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []


@pytest.mark.django_db
def test_the_upload_is_an_owner_only_file_not_a_database_blob(tenant: Any) -> None:
    assert not [f for f in ImportUpload._meta.concrete_fields if isinstance(f, models.BinaryField)]
    batch = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    record = ImportUpload.objects.get(batch=batch)
    file = Path(settings.DATA_DIR) / "imports" / record.path
    assert record.path == f"{tenant.organization.pk}/{batch.pk}/upload"
    assert file.read_bytes() == gbk_csv()
    assert (record.size, record.sha256) == (len(gbk_csv()), hashlib.sha256(gbk_csv()).hexdigest())
    assert batch.fingerprint == record.sha256, "the fingerprint is computed while the file streams in"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    for directory in (file.parent, file.parent.parent, file.parent.parent.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert _files(tenant.organization.pk) == [file], "no temporary file is left behind"


@pytest.mark.django_db
def test_the_file_is_gone_once_accepted_or_cancelled(tenant: Any) -> None:
    membership = _membership(tenant)
    accepted = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    importing_accept.complete(membership, accepted)
    assert accepted.status == "accepted"
    cancelled = upload(
        tenant.client, gbk_csv([("一厂", "2024-02-01", "2024-02-29", "电力", "5", "kWh", "", "")]), "b.csv"
    )
    importing_accept.cancel(membership, cancelled)
    assert not ImportUpload.objects.filter(batch_id__in=[accepted.pk, cancelled.pk]).exists()
    assert _files(tenant.organization.pk) == []
    with pytest.raises(InputError, match="closed"):
        uploads.path(cancelled)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [b"\x00\x01\x02 not a table", "站点,数量\r\n".encode("gbk")], ids=["binary", "no rows"]
)
def test_a_refused_upload_leaves_neither_rows_nor_file(tenant: Any, content: bytes) -> None:
    with pytest.raises(InputError):
        importing.upload(_membership(tenant), source="Ledger", filename="bad.csv", content=content)
    assert not ImportBatch.objects.filter(organization=tenant.organization).exists()
    assert not ImportUpload.objects.exists()
    assert _files(tenant.organization.pk) == []


@pytest.mark.django_db
def test_a_file_imported_before_leaves_no_second_file(tenant: Any) -> None:
    membership = _membership(tenant)
    first, _repeated = importing_accept.import_file(
        membership, source="L", filename="a.csv", content=gbk_csv()
    )
    again, repeated = importing.upload(membership, source="L", filename="a.csv", content=gbk_csv())
    assert (again.pk, repeated) == (first.pk, True)
    assert _files(tenant.organization.pk) == []


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_without_storing_anything(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "PIECE", 64)  # refused while it streams in, not after
    monkeypatch.setattr(importing, "max_upload_bytes", lambda: len(gbk_csv()) - 1)
    with pytest.raises(InputError, match="larger than"):
        importing.upload(_membership(tenant), source="Ledger", filename="big.csv", content=gbk_csv())
    assert not ImportBatch.objects.exists()
    assert not ImportUpload.objects.exists()
    assert _files(tenant.organization.pk) == []


@pytest.mark.django_db
def test_a_tenant_cannot_reach_another_tenants_upload(tenant: Any, tenant_factory: Any) -> None:
    other = tenant_factory("Beta Steel 贝塔钢铁")
    mine = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    theirs = upload(other.client, gbk_csv(), "ledger.csv", "Ledger")  # the same bytes, a file of their own
    assert uploads.path(mine) != uploads.path(theirs)
    assert _files(tenant.organization.pk) == [uploads.path(mine)]
    assert _files(other.organization.pk) == [uploads.path(theirs)]
    assert other.client.get(f"/inventory/imports/{mine.pk}/").status_code == 404
    for action in ("map/", "fix/", "accept/", "cancel/"):
        assert other.client.post(f"/inventory/imports/{mine.pk}/{action}").status_code == 404
    assert other.client.get(f"/api/inventory/imports/{mine.pk}").status_code in (401, 403, 404)
    assert uploads.path(mine).read_bytes() == gbk_csv(), "untouched by the other tenant"


BEFORE = [("inventory", "0007_custom_factor_gwp")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_blobs_out_to_files_and_back(make_organization: Any) -> None:
    organization = make_organization()
    content = gbk_csv()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    root = Path(settings.DATA_DIR) / "imports"
    try:
        executor.migrate(BEFORE)
        state = executor.loader.project_state(BEFORE).apps
        batch = state.get_model("inventory", "ImportBatch").objects.create(
            organization_id=organization.pk,
            source="L",
            filename="a.csv",
            fingerprint="f" * 64,
            status="uploaded",
        )
        state.get_model("inventory", "ImportUpload").objects.create(batch_id=batch.pk, content=content)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        record = ImportUpload.objects.get(batch_id=batch.pk)
        file = root / record.path
        assert record.path == f"{organization.pk}/{batch.pk}/upload"
        assert file.read_bytes() == content
        assert (record.size, record.sha256) == (len(content), hashlib.sha256(content).hexdigest())
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert uploads.path(ImportBatch.objects.get(pk=batch.pk)) == file.resolve()
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)  # and back
        state = executor.loader.project_state(BEFORE).apps
        back = state.get_model("inventory", "ImportUpload").objects.get(batch_id=batch.pk)
        assert bytes(back.content) == content
        assert not file.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        shutil.rmtree(root / str(organization.pk), ignore_errors=True)


@pytest.mark.django_db
def test_deleting_an_organization_or_a_batch_deletes_its_file_once_committed(
    tenant: Any, tenant_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other = tenant_factory("Beta Steel 贝塔钢铁")
    mine = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    theirs = upload(other.client, gbk_csv(), "ledger.csv", "Ledger")
    kept = uploads.path(theirs)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        ImportBatch.objects.filter(pk=mine.pk).delete()
    assert _files(tenant.organization.pk), "nothing goes before the deletion commits"
    for callback in pending:
        callback()
    assert _files(tenant.organization.pk) == []
    with django_capture_on_commit_callbacks(execute=True):
        other.organization.delete()
    assert _files(other.organization.pk) == []
    assert not kept.exists()


@pytest.mark.django_db
def test_an_abandoned_temporary_file_goes_with_the_next_upload(tenant: Any) -> None:
    directory = Path(settings.DATA_DIR) / "imports" / str(tenant.organization.pk)
    directory.mkdir(parents=True, exist_ok=True)
    old, fresh = directory / ".upload-killed", directory / ".upload-in-progress"
    for file in (old, fresh):
        file.write_bytes(b"half a file")
    long_ago = time.time() - uploads.ABANDONED - 60
    os.utime(old, (long_ago, long_ago))
    batch = upload(tenant.client, gbk_csv(), "ledger.csv", "Ledger")
    assert not old.exists()
    assert fresh.exists(), "an upload still streaming in is left alone"
    assert uploads.path(batch).exists()
