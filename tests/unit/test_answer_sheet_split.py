"""The answer sheets are split all at once only when every sheet has its two record separators: a sheet with one
too few and another with one too many must not shift the sheets after them (each is split on its own then)."""

from __future__ import annotations

from tanlu.web.surveys.answer_sheet import RS, pack, unpack


def test_sheets_with_a_wrong_number_of_separators_do_not_shift_the_others() -> None:
    good = pack([("a", "1", True), ("b", "x", True)])
    assert good is not None
    short = f"a{RS}1"  # no values part: one separator too few
    long = f"a{RS}1{RS}2{RS}z"  # one too many; together they have as many as two good sheets
    answers, shown, failed = unpack([good, short, long, good], [0, 1, 2, 3], 4, ["a", "b"])
    # the malformed ones are split on their own (the first two separators count, as before); the good ones after
    # them keep their own values
    assert answers["a"][0] == answers["a"][3] == "1"
    assert answers["b"][0] == answers["b"][3] == "x"
    assert shown["a"][3]
    assert shown["b"][3]
    assert 0 not in failed
    assert 3 not in failed


def test_one_form_version_and_two_are_read_alike() -> None:
    one = pack([("a", "1", True), ("b", "", False)])
    two = pack([("b", "z", True), ("a", "2", True)])
    assert one is not None
    assert two is not None
    answers, shown, failed = unpack([one, two, one], [2, 0, 1], 3, ["a", "b"])
    assert failed == []
    assert answers == {"a": ["2", "1", "1"], "b": ["z", "", ""]}
    assert shown == {"a": [True, True, True], "b": [True, False, False]}
    answers, _shown, _failed = unpack([one, one], [1, 0], 2, ["a", "b"])
    assert answers == {"a": ["1", "1"], "b": ["", ""]}
