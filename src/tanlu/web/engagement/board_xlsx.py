"""The supplier board as an XLSX workbook: suppliers, their requests, survey answers and targets, one sheet each.

Every text cell, headers included, goes through :class:`tanlu.tabular.SafeSheet` (:func:`tanlu.tabular.neutralize_cell`):
a supplier named ``=HYPERLINK(…)`` or a survey answer starting with ``-`` is text in the workbook, never a formula.
"""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from tanlu.tabular import SafeSheet
from tanlu.web.engagement import texts
from tanlu.web.engagement.board import BoardRow
from tanlu.web.engagement.board_survey import answer_rows
from tanlu.web.engagement.models import RequestStatus


def workbook(rows: list[BoardRow]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    bold = book.add_format({"bold": True})
    _suppliers(book, bold, rows)
    _requests(book, bold, rows)
    _survey(book, bold, rows)
    _targets(book, bold, rows)
    book.close()
    return buffer.getvalue()


def _suppliers(book: object, bold: object, rows: list[BoardRow]) -> None:
    sheet = SafeSheet(
        book,
        _("Suppliers"),
        [
            _("Supplier"),
            _("English name"),
            _("Supplier code"),
            _("Commodity or category"),
            _("Tier"),
            _("Region"),
            _("Requests"),
            _("Overdue"),
            _("Footprints delivered"),
            _("Accepted"),
            _("Rejected"),
            _("To be checked"),
            _("Problems found"),
            _("Warnings"),
            _("Verification"),
            _("Received over PACT"),
            _("Latest survey"),
            _("Answers changed since the previous wave"),
            _("Targets"),
            _("On track"),
            _("Off track"),
        ],
        bold,
    )
    for row in rows:
        sheet.write(
            [
                row.supplier.name,
                row.supplier.name_en,
                row.link.supplier_code,
                row.link.category,
                row.link.tier,
                row.link.region,
                len(row.facts.requests),
                row.statuses[RequestStatus.OVERDUE],
                row.delivered,
                row.accepted,
                row.rejected,
                row.pending,
                row.problems,
                row.warnings,
                row.verification,
                row.received,
                str(row.survey.survey) if row.survey else "",
                row.changed if row.survey and row.survey.previous else None,
                len(row.targets),
                row.on_track,
                row.off_track,
            ]
        )


def _requests(book: object, bold: object, rows: list[BoardRow]) -> None:
    sheet = SafeSheet(
        book,
        _("Requests"),
        [
            _("Supplier"),
            _("Part number"),
            _("Part name"),
            _("Status"),
            _("Due date"),
            _("Version"),
            _("kg CO2e per declared unit"),
            _("Declared unit"),
            _("Decision"),
            _("Comment"),
            _("Problems found"),
        ],
        bold,
    )
    for row in rows:
        for request in row.facts.requests:
            answers = row.facts.answers.get(request.pk, [])
            latest = answers[0] if answers else None
            problems = [
                texts.finding_reason(f)
                for f in (latest.findings if latest else ())
                if f["severity"] == "problem"
            ]
            sheet.write(
                [
                    row.supplier.name,
                    request.part_number,
                    request.part_name,
                    request.shown_status_label,
                    request.due_date.isoformat(),
                    latest.version if latest else None,
                    latest.total if latest else None,
                    texts.unit_name(latest.declared_unit)
                    if latest
                    else texts.unit_name(request.declared_unit),
                    latest.get_decision_display() if latest else "",
                    latest.comment if latest else "",
                    " ".join(problems),
                ]
            )


def _survey(book: object, bold: object, rows: list[BoardRow]) -> None:
    sheet = SafeSheet(
        book,
        _("Survey answers"),
        [_("Supplier"), _("Survey"), _("Question"), _("Answer"), _("Previous wave"), _("Changed")],
        bold,
    )
    for row in rows:
        if row.survey is None:
            continue
        for answer in answer_rows(row.survey):
            sheet.write(
                [
                    row.supplier.name,
                    str(row.survey.survey),
                    answer["label"],
                    answer["now"],
                    answer["before"],
                    _("yes") if answer["changed"] else "",
                ]
            )


def _targets(book: object, bold: object, rows: list[BoardRow]) -> None:
    sheet = SafeSheet(
        book,
        _("Targets"),
        [_("Supplier"), _("Target"), _("Progress"), _("On track"), _("Note")],
        bold,
    )
    labels = {"on_track": _("yes"), "off_track": _("no"), "no_data": _("not yet known")}
    for row in rows:
        for view in row.targets:
            sheet.write([row.supplier.name, view.label, view.summary, labels[view.status], view.target.note])
