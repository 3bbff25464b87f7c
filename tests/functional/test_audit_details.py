"""The audit log says an event's detail in the reader's language (#12 item 8): a detail is stored as the code
wrote it ("ledger.csv: 16 rows"), and each known shape is a message of the catalogue with its values kept."""

from __future__ import annotations

import pytest
from django.utils import translation

from tanlu.web.accounts.audit_details import localize


@pytest.mark.parametrize(
    ("action", "stored", "english"),
    [
        ("inventory.import", "ledger.csv: 16 rows", "ledger.csv: 16 rows"),
        ("inventory.import", "ledger.csv: 1 rows", "ledger.csv: 1 row"),
        ("products.import", "bom.xlsx: 3 rows", "bom.xlsx: 3 rows"),
        ("exchange.import", "pf.json: 2", "pf.json: 2 footprints"),
        ("invitation.sent", "a@example.com as editor", "a@example.com as Editor"),
        ("invitation.sent", "a@example.com as owner (by Alpha)", "a@example.com as Owner (by Alpha)"),
        (
            "invitation.accepted",
            "a@example.com as viewer (already a member)",
            "a@example.com as Viewer (already a member)",
        ),
        ("invitation.accepted", "b@example.com as owner (demo)", "b@example.com as Owner (demo)"),
        ("member.role_changed", "a@example.com: viewer → editor", "a@example.com: Viewer → Editor"),
        ("survey.settings", "S-1 public=True", "S-1: public link on"),
        ("survey.invitations_sent", "S-1: 5", "S-1: 5 invitations sent"),
        ("cbam.import", "x.xlsx: Plant, 3 goods", "x.xlsx: Plant, 3 goods"),
        ("footprint_request.sent", "P-1 · A → B · due 2026-12-31", "P-1 · A → B · due 2026-12-31"),
        ("organization.created", "阿尔法 (demo)", "阿尔法 (demo)"),
        ("inventory.factor_set", "v3: 新的合同电价", "v3: 新的合同电价"),  # typed by someone: as it is
    ],
)
def test_each_known_detail_is_a_message_with_its_values(action: str, stored: str, english: str) -> None:
    with translation.override("en"):
        assert localize(action, stored) == english


def test_a_detail_of_no_known_shape_is_shown_as_it_was_written() -> None:
    with translation.override("zh-hans"):
        assert localize("inventory.import", "odd detail") == "odd detail"
        assert localize("unknown.action", "x: 3 rows") == "x: 3 rows"
