"""Checks on an XLSX package (a zip of XML parts) before any spreadsheet parser opens it.

:func:`check_workbook_package` refuses, with a :class:`~tanlu.errors.FileFormatError` naming the file:

* zip bombs: too many members, too large once uncompressed, or compressed too well (per member and overall);
* XML entity attacks: every XML part is streamed once looking for ``<!DOCTYPE``/``<!ENTITY``, and the
  manifest parts are parsed with :mod:`defusedxml`;
* what is not a plain workbook. A workbook is judged by the parts it *has*: the content type of its workbook
  part ``/xl/workbook.xml`` (its ``Override``, else the ``Default`` for ``xml``) must be a spreadsheet or
  template main part, and no part may be a VBA project (``vbaProject.bin`` or a part whose content type is
  ``application/vnd.ms-office.vbaProject`` or macro-enabled). ``Default`` entries only say what a part with
  that extension *would* be: Google Sheets and SheetJS list ``bin`` as the macro-enabled binary type in every
  export, without any ``.bin`` part, and Excel lists ``bin`` as printer settings. An unused default decides
  nothing.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from typing import Protocol

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from tanlu.errors import FileFormatError

__all__ = ["MACROS_REFUSED", "PackageLimits", "check_workbook_package"]

MACROS_REFUSED = "macro-enabled workbooks (.xlsm) are refused; save it as .xlsx"
_WORKBOOK_PART = "/xl/workbook.xml"
#: main-part content types of a workbook without macros: .xlsx and .xltx (ECMA-376 Part 1, 12.3.23)
_PLAIN_WORKBOOK_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    }
)
_VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaproject"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class PackageLimits(Protocol):
    """Caps on a zip package: :class:`tanlu.tabular.ReadLimits` has them."""

    @property
    def max_zip_members(self) -> int: ...
    @property
    def max_uncompressed_bytes(self) -> int: ...
    @property
    def max_compression_ratio(self) -> float: ...
    @property
    def ratio_floor_bytes(self) -> int: ...


def check_workbook_package(data: bytes, name: str, limits: PackageLimits) -> None:
    """Refuse zip bombs, entity declarations, macros and non-workbooks (module docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileFormatError("damaged zip archive: not a readable XLSX file", file=name) from None
    with archive:
        members = archive.infolist()
        _check_members(members, name, limits)
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml_member(archive, member, name)
        types = _parse(archive.read("[Content_Types].xml"), "[Content_Types].xml", name)
        _parse(archive.read("xl/workbook.xml"), "xl/workbook.xml", name)
        _check_content_types(types, [member.filename for member in members], name)


def _check_members(members: list[zipfile.ZipInfo], name: str, limits: PackageLimits) -> None:
    if len(members) > limits.max_zip_members:
        raise FileFormatError(f"the workbook has more than {limits.max_zip_members} parts", file=name)
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        raise FileFormatError("a zip archive, but not an Excel workbook", file=name)
    if "xl/workbook.bin" in names:
        raise FileFormatError("binary workbooks (.xlsb) are not supported; save it as .xlsx", file=name)
    if "xl/workbook.xml" not in names:
        raise FileFormatError("a zip archive, but not an Excel workbook (.xlsx)", file=name)
    if any(posixpath.basename(n).lower().startswith("vbaproject") for n in names):
        raise FileFormatError(MACROS_REFUSED, file=name)
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if total > limits.max_uncompressed_bytes:
        limit = limits.max_uncompressed_bytes
        raise FileFormatError(f"the workbook expands to {total} bytes, over the limit of {limit}", file=name)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_compression_ratio:
            part = member.filename
            raise FileFormatError(
                f"suspicious compression ratio {ratio:.0f}:1 in {part!r} (zip bomb?)", file=name
            )
    if total > limits.ratio_floor_bytes and total / max(packed, 1) > limits.max_compression_ratio:
        raise FileFormatError("suspicious overall compression ratio (zip bomb?)", file=name)


def _parse(xml: bytes, manifest: str, name: str) -> SafeElementTree.Element:
    try:
        return SafeElementTree.fromstring(xml)
    except DefusedXmlException:
        raise FileFormatError(f"XML entity declarations are refused ({manifest})", file=name) from None
    except SafeElementTree.ParseError:
        raise FileFormatError(f"damaged workbook: {manifest} is not valid XML", file=name) from None


def _check_content_types(types: SafeElementTree.Element, parts: list[str], name: str) -> None:
    """The workbook part must be a plain workbook, and no part present may hold macros."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in types:
        tag = element.tag.removeprefix(_CONTENT_TYPES_NS)
        content_type = (element.get("ContentType") or "").strip().lower()
        if tag == "Default":
            defaults[(element.get("Extension") or "").lower()] = content_type
        elif tag == "Override":
            overrides[(element.get("PartName") or "").lower()] = content_type

    def type_of(part: str) -> str:
        extension = posixpath.splitext(part)[1].removeprefix(".")
        return overrides.get(part.lower(), defaults.get(extension.lower(), ""))

    workbook_type = type_of(_WORKBOOK_PART)
    if "macroenabled" in workbook_type:
        raise FileFormatError(MACROS_REFUSED, file=name)
    if workbook_type not in _PLAIN_WORKBOOK_TYPES:
        raise FileFormatError(
            f"a zip archive, but not an Excel workbook (.xlsx): its workbook part is {workbook_type or 'untyped'}",
            file=name,
        )
    for part in parts:
        if part.endswith("/"):
            continue
        content_type = type_of("/" + part)
        if content_type == _VBA_PROJECT_TYPE or "macroenabled" in content_type:
            raise FileFormatError(MACROS_REFUSED, file=name)


def _scan_xml_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Stream one XML part looking for DTDs and entity declarations (zipfile verifies size and CRC)."""
    tail = b""
    declared = False
    try:
        with archive.open(member) as stream:
            while not declared and (chunk := stream.read(1 << 20)):
                window = tail + chunk
                declared = b"<!DOCTYPE" in window or b"<!ENTITY" in window
                tail = window[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error):
        raise FileFormatError(f"damaged workbook part {member.filename!r}", file=name) from None
    if declared:
        raise FileFormatError(
            f"XML entity or DOCTYPE declarations are refused ({member.filename})", file=name
        )
