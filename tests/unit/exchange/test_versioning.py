"""Footprint versions: v3 supersedes with a new id, v2 tells minor from major changes."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from tanlu.errors import InputError
from tanlu.exchange.mapping import to_pact_v2, to_pact_v3
from tanlu.exchange.validation import check_pact
from tanlu.exchange.versioning import change_v2, follow, revise_v2, supersede_v3

from .conftest import CREATED, PF_ID, caliper

NEW_ID = "0b7d5c8e-2f1a-4e3b-9c6d-5a4f3e2d1c0b"
NEXT_ID = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
LATER = datetime(2026, 3, 1, tzinfo=UTC)


def test_v3_unchanged_footprint_is_kept() -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    again = to_pact_v3(caliper(), pf_id=NEW_ID, created=LATER)
    assert supersede_v3(first, again, new_id=NEW_ID, created=LATER) == [first]


def test_v3_change_makes_a_new_id_and_deprecates_the_old() -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    recalculated = to_pact_v3(caliper(pcf_excluding_uptake=11.0), pf_id=PF_ID, created=CREATED)
    old, new = supersede_v3(first, recalculated, new_id=NEW_ID, created=LATER)
    assert old == {**first, "status": "Deprecated"}
    assert new["id"] == NEW_ID
    assert new["precedingPfIds"] == [PF_ID]
    assert new["created"] == "2026-03-01T00:00:00Z"
    assert new["status"] == "Active"
    assert new["pcf"]["pcfExcludingBiogenicUptake"] == "11"
    assert list(new)[:5] == ["id", "specVersion", "precedingPfIds", "created", "status"]
    assert check_pact(old) == ("3", [])
    assert check_pact(new) == ("3", [])


def test_v3_any_change_counts_not_only_the_pcf() -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    renamed = to_pact_v3(caliper(product_name="Brake caliper BC-100 (2026)"), pf_id=PF_ID, created=CREATED)
    assert [d["status"] for d in supersede_v3(first, renamed, new_id=NEW_ID, created=LATER)] == [
        "Deprecated",
        "Active",
    ]


def test_v3_history_accumulates() -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    _, second = supersede_v3(
        first, to_pact_v3(caliper(fossil=12.0), pf_id=PF_ID, created=CREATED), new_id=NEW_ID, created=LATER
    )
    _, third = supersede_v3(
        second, to_pact_v3(caliper(fossil=11.9), pf_id=PF_ID, created=CREATED), new_id=NEXT_ID, created=LATER
    )
    assert third["precedingPfIds"] == [NEW_ID, PF_ID]


def test_v3_deprecated_footprint_never_changes_again() -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    old, _ = supersede_v3(
        first, to_pact_v3(caliper(fossil=1.0), pf_id=PF_ID, created=CREATED), new_id=NEW_ID, created=LATER
    )
    with pytest.raises(InputError, match="already Deprecated"):
        supersede_v3(
            old, to_pact_v3(caliper(fossil=2.0), pf_id=PF_ID, created=CREATED), new_id=NEXT_ID, created=LATER
        )


@pytest.mark.parametrize("reused", [PF_ID])
def test_v3_successor_needs_a_new_id(reused: str) -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    with pytest.raises(InputError, match="never had"):
        supersede_v3(
            first, to_pact_v3(caliper(fossil=1.0), pf_id=PF_ID, created=CREATED), new_id=reused, created=LATER
        )


def test_v2_classifies_changes() -> None:
    first = to_pact_v2(caliper(), pf_id=PF_ID, created=CREATED)
    assert change_v2(first, copy.deepcopy(first)) == "none"
    assert change_v2(first, {**first, "version": 7, "updated": "2026-03-01T00:00:00Z"}) == "none"
    assert change_v2(first, {**first, "productDescription": "Painted caliper"}) == "minor"
    assert change_v2(first, to_pact_v2(caliper(fossil=12.0), pf_id=PF_ID, created=CREATED)) == "major"


def test_v2_minor_change_keeps_the_id_and_counts_up() -> None:
    first = to_pact_v2(caliper(), pf_id=PF_ID, created=CREATED)
    (revised,) = revise_v2(
        first, {**first, "productDescription": "Painted caliper"}, new_id=NEW_ID, now=LATER
    )
    assert (revised["id"], revised["version"], revised["created"]) == (PF_ID, 2, first["created"])
    assert revised["updated"] == "2026-03-01T00:00:00Z"
    assert revised["productDescription"] == "Painted caliper"
    assert check_pact(revised) == ("2", [])


def test_v2_major_change_supersedes() -> None:
    first = to_pact_v2(caliper(), pf_id=PF_ID, created=CREATED)
    old, new = revise_v2(
        first, to_pact_v2(caliper(fossil=12.0), pf_id=PF_ID, created=CREATED), new_id=NEW_ID, now=LATER
    )
    assert (old["id"], old["status"], old["version"], old["updated"]) == (
        PF_ID,
        "Deprecated",
        2,
        "2026-03-01T00:00:00Z",
    )
    assert old["statusComment"] == "Superseded by a recalculated footprint"
    assert old["pcf"] == first["pcf"]
    assert (new["id"], new["status"], new["version"], new["precedingPfIds"]) == (NEW_ID, "Active", 1, [PF_ID])
    assert check_pact(old) == ("2", [])
    assert check_pact(new) == ("2", [])


def test_v2_deprecated_is_not_changed_again() -> None:
    first = {**to_pact_v2(caliper(), pf_id=PF_ID, created=CREATED), "status": "Deprecated"}
    with pytest.raises(InputError, match="not changed again"):
        revise_v2(first, {**first, "comment": "x"}, new_id=NEW_ID, now=LATER)


def test_follow_picks_the_rule_of_the_version_and_a_fresh_id() -> None:
    first = to_pact_v3(caliper(), pf_id=PF_ID, created=CREATED)
    same_id_new_comment = to_pact_v3(caliper(comment="Revised note"), pf_id=PF_ID, created=CREATED)
    old, new = follow(first, same_id_new_comment, now=LATER)
    assert old["status"] == "Deprecated"
    assert new["id"] != PF_ID
    assert new["precedingPfIds"] == [PF_ID]
    assert follow(first, same_id_new_comment, now=LATER)[1]["id"] == new["id"]  # the same change, the same id
    v2 = to_pact_v2(caliper(), pf_id=PF_ID, created=CREATED)
    (revised,) = follow(v2, {**v2, "comment": "Revised note"}, now=LATER)
    assert (revised["id"], revised["version"]) == (PF_ID, 2)
    with pytest.raises(InputError, match="same PACT version"):
        follow(first, v2, now=LATER)
