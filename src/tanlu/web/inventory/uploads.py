"""The uploaded files of open imports, kept as files in the data directory rather than as blobs in a database row.

A plant's meter data for a year is millions of rows (a 10,000,000-row CSV is about 650 MiB). Kept in a database
row, the file was read whole into memory at every step, and on SQLite written whole into the database file; kept
as a file, it is streamed in from the request (its SHA-256 computed on the way) and read a slice at a time by the
reader the CLI uses (:mod:`tanlu.web.inventory.slices`, a memory map of the file).

Layout: ``TANLU_DATA_DIR/imports/<organization>/<batch>/upload``, every directory and file readable by the
server's user only (0700, 0600). A file arrives as a temporary file in its organization's directory
(:func:`receive`), moves into its batch's directory once the batch exists (:func:`keep`), and is deleted when the
batch is accepted or cancelled (:func:`drop`), or when the upload is refused (:func:`discard`): too large, already
imported, or unreadable. :class:`ImportUpload` records its path (relative to the ``imports`` directory), size and
digest; it is found only through its batch, which every query scopes to the organization.

Nothing is left behind by other ways out either: when an upload's row goes with its batch or organization, its
file goes once that deletion commits (:func:`_forget`), and the temporary file of an upload whose process was
killed is deleted by the organization's next upload once it is :data:`ABANDONED` old.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.web.inventory.models import ImportBatch, ImportUpload
from tanlu.web.upload_limit import too_large_message

#: bytes copied at a time from the request to the file
PIECE = 1024 * 1024
#: the file's name in its batch's directory
NAME = "upload"
#: a temporary file this old belongs to an upload whose process died (a 4 GiB upload takes well under a day)
ABANDONED = 24 * 3600
_TEMPORARY = ".upload-"


def root() -> Path:
    """Where the uploads are: the ``imports`` directory of the data directory."""
    return Path(settings.DATA_DIR) / "imports"


def _directory(*parts: int) -> Path:
    """``imports/<organization>[/<batch>]``, each level created readable by the server's user only."""
    path = root()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for part in parts:
        path = path / str(int(part))
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
    return path


@dataclass
class Received:
    """A file streamed in: where it is now, its size and its SHA-256."""

    path: Path
    size: int
    digest: str


def _pieces(content: bytes | IO[bytes]) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        view = memoryview(content)
        for start in range(0, len(view), PIECE):
            yield bytes(view[start : start + PIECE])
        return
    chunks = getattr(content, "chunks", None)  # a Django upload: read from its temporary file or memory
    if chunks is not None:
        yield from chunks(PIECE)
        return
    while piece := content.read(PIECE):
        yield piece


def receive(organization_id: int, content: bytes | IO[bytes], limit: int) -> Received:
    """Stream ``content`` into a new file of the organization's directory, hashing it on the way; a file of
    more than ``limit`` bytes is refused and nothing of it is kept."""
    directory = _directory(organization_id)
    _sweep(directory)
    descriptor, name = tempfile.mkstemp(dir=directory, prefix=_TEMPORARY)  # mode 0600
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(descriptor, "wb") as out:
            for piece in _pieces(content):
                size += len(piece)
                if size > limit:
                    raise InputError(too_large_message())
                digest.update(piece)
                out.write(piece)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Received(Path(name), size, digest.hexdigest())


def _sweep(directory: Path) -> None:
    """Delete the temporary files of uploads that were never finished (their process was killed)."""
    now = time.time()
    for file in directory.glob(_TEMPORARY + "*"):
        with contextlib.suppress(OSError):
            if now - file.stat().st_mtime > ABANDONED:
                file.unlink()


def keep(batch: ImportBatch, received: Received) -> ImportUpload:
    """Move a received file into its batch's directory and record it."""
    target = _directory(batch.organization_id, batch.pk) / NAME
    received.path.replace(target)
    received.path = target
    return ImportUpload.objects.create(
        batch=batch,
        path=target.relative_to(root()).as_posix(),
        size=received.size,
        sha256=received.digest,
    )


def discard(received: Received) -> None:
    """Delete a refused upload's file (and its batch's directory, if it got one)."""
    received.path.unlink(missing_ok=True)
    if received.path.name == NAME:
        with contextlib.suppress(OSError):
            received.path.parent.rmdir()


def path(batch: ImportBatch) -> Path:
    """The batch's file, to be read; an accepted or cancelled batch has none."""
    found = ImportUpload.objects.filter(batch_id=batch.pk).values_list("path", flat=True).first()
    file = _inside(found) if found else None
    if file is None or not file.is_file():  # deleted when the batch was accepted or cancelled
        raise InputError(_("This import is closed: it was accepted or cancelled."))
    return file


def _inside(relative: str) -> Path | None:
    """The recorded path under the uploads directory, never outside it."""
    base = root().resolve()
    file = (base / relative).resolve()
    return file if file.is_relative_to(base) else None


def drop(*batch_ids: int | None) -> None:
    """Delete the files of closed batches: their staged or stored rows hold the data now."""
    uploads = ImportUpload.objects.filter(batch_id__in=[pk for pk in batch_ids if pk is not None])
    for relative in uploads.values_list("path", flat=True):
        if relative and (file := _inside(relative)) is not None:
            discard(Received(file, 0, ""))
    uploads.delete()


@receiver(post_delete, sender=ImportUpload)
def _forget(sender: type[ImportUpload], instance: ImportUpload, **kwargs: object) -> None:
    """An upload's row deleted with its batch or organization: its file goes too, once the deletion commits."""
    file = _inside(instance.path) if instance.path else None
    if file is not None:
        transaction.on_commit(lambda: discard(Received(file, 0, "")))
