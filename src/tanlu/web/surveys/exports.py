"""Raw responses as downloads: one row per respondent, select_multiple both as names and as 0/1 columns.

A thin layer over :mod:`tanlu.survey.exports` (which neutralizes every cell, headers included, against spreadsheet
formula injection) that adds file names and content types for HTTP responses, the CLI and the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from tanlu.errors import InputError
from tanlu.survey import exports as core_exports
from tanlu.web.surveys.loading import load_responses
from tanlu.web.surveys.models import Survey

__all__ = ["CONTENT_TYPES", "Download", "responses_file"]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    data: bytes


def responses_file(survey: Survey, file_format: str) -> Download:
    """The survey's submitted responses as CSV (UTF-8 with BOM) or XLSX."""
    responses = load_responses(survey)
    if file_format == "csv":
        data = core_exports.responses_csv(responses)
    elif file_format == "xlsx":
        data = core_exports.responses_xlsx(responses)
    else:
        raise InputError("the format of responses is csv or xlsx", column="format", value=file_format)
    return Download(f"{survey.identifier}-responses.{file_format}", CONTENT_TYPES[file_format], data)
