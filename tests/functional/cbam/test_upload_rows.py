"""The uploaded files of CBAM installation imports and product model imports live in rows of their own
(``InstallationUpload``, ``ModelUpload``), as the inventory's ``ImportUpload``: saving an import's status never
writes the file, the file is deleted once read, and the migrations move the files of imports still being read."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from tanlu.web.accounts.models import Membership
from tanlu.web.cbam import services
from tanlu.web.cbam.models import ImportStatus, InstallationImport, InstallationUpload
from tanlu.web.products import importing
from tanlu.web.products.demo import demo_model
from tanlu.web.products.models import ImportStatus as ModelStatus
from tanlu.web.products.models import ModelImport, ModelUpload

from .files import bad_workbook, good_workbook


def _membership(tenant: Any) -> Membership:
    return Membership.objects.get(organization=tenant.organization, user=tenant.owner)


@pytest.mark.django_db
@pytest.mark.parametrize("workbook", [good_workbook, bad_workbook])
def test_a_cbam_import_keeps_its_file_apart_until_read(tenant: Any, workbook: Any) -> None:
    content = workbook()
    batch = services.upload(_membership(tenant), filename="plant.xlsx", content=content)
    assert bytes(InstallationUpload.objects.get(batch=batch).content) == content
    with CaptureQueriesContext(connection) as queries:
        services.read(InstallationImport.objects.get(pk=batch.pk))
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert updates
    assert not any("content" in sql for sql in updates if "cbam_installationimport" in sql)
    batch.refresh_from_db()
    assert batch.status in (ImportStatus.ACCEPTED, ImportStatus.REJECTED)
    assert not InstallationUpload.objects.filter(batch=batch).exists()  # read: the file is gone
    services.read(batch)  # a job run again changes nothing
    batch.refresh_from_db()
    assert batch.status in (ImportStatus.ACCEPTED, ImportStatus.REJECTED)


@pytest.mark.django_db
def test_a_product_model_import_keeps_its_file_apart_until_read(tenant: Any) -> None:
    content = demo_model()
    batch, repeated = importing.upload(_membership(tenant), filename="model.zip", content=content)
    assert not repeated
    assert bytes(ModelUpload.objects.get(batch=batch).content) == content
    importing.read(batch)
    batch.refresh_from_db()
    assert batch.status in (ModelStatus.VALID, ModelStatus.REJECTED)
    assert batch.staged.exists()
    assert not ModelUpload.objects.filter(batch=batch).exists()
    importing.read(batch)  # a job run again changes nothing
    assert ModelImport.objects.get(pk=batch.pk).status == batch.status


@pytest.mark.django_db
def test_an_unreadable_product_model_fails_and_drops_its_file(tenant: Any) -> None:
    batch, _repeated = importing.upload(
        _membership(tenant), filename="model.zip", content=b"PK\x03\x04 broken"
    )
    importing.read(batch)
    batch.refresh_from_db()
    assert batch.status == ModelStatus.FAILED
    assert not ModelUpload.objects.filter(batch=batch).exists()


BEFORE = [("cbam", "0004_carbon_price"), ("products", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_move_the_files_of_imports_being_read(make_organization: Any) -> None:
    organization = make_organization()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        state = executor.loader.project_state(BEFORE).apps
        cbam_import = state.get_model("cbam", "InstallationImport")
        model_import = state.get_model("products", "ModelImport")
        common = {"organization_id": organization.pk, "fingerprint": "f" * 64}
        reading = cbam_import.objects.create(
            filename="a.xlsx", content=b"cbam file", status="reading", **common
        )
        read = cbam_import.objects.create(filename="b.xlsx", content=b"old", status="rejected", **common)
        staged = model_import.objects.create(
            filename="m.zip", content=b"model file", status="reading", **common
        )
        done = model_import.objects.create(filename="n.zip", content=b"old", status="accepted", **common)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        assert bytes(InstallationUpload.objects.get(batch_id=reading.pk).content) == b"cbam file"
        assert not InstallationUpload.objects.filter(batch_id=read.pk).exists()
        assert bytes(ModelUpload.objects.get(batch_id=staged.pk).content) == b"model file"
        assert not ModelUpload.objects.filter(batch_id=done.pk).exists()
        assert InstallationImport.objects.get(pk=read.pk).status == "rejected"  # the imports themselves stay
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)  # and back: the kept files return to their rows
        state = executor.loader.project_state(BEFORE).apps
        back = state.get_model("cbam", "InstallationImport").objects.get(pk=reading.pk)
        assert bytes(back.content) == b"cbam file"
        back_model = state.get_model("products", "ModelImport").objects.get(pk=staged.pk)
        assert bytes(back_model.content) == b"model file"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
