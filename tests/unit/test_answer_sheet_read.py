"""The answer sheet (one text per response) gives back exactly the rows it was packed from, or is not written."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.web.surveys.answer_sheet import RS, US, pack, unpack

# small alphabets that hold both separators, quotes, commas, line breaks and Chinese: the cases that matter
names = st.text(alphabet=f"ab_.{US}{RS}中", min_size=1, max_size=4)
values = st.text(alphabet=f'ab ,"\n\r{US}{RS}碳', max_size=6)
rows = st.lists(st.tuples(names, values, st.booleans()), max_size=6, unique_by=lambda r: r[0])


# the examples are small; only a starved machine (load average 12 on 2 cores) makes their generation "slow"
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(rows, min_size=1, max_size=5))
def test_unpack_gives_back_the_rows_or_no_sheet_is_written(sheets: list[list[tuple[str, str, bool]]]) -> None:
    packed = [(position, pack(sheet)) for position, sheet in enumerate(sheets)]
    written = [(position, text) for position, text in packed if text is not None]
    for (position, text), sheet in zip(packed, sheets, strict=True):
        has_separator = any(US in n or RS in n or US in v or RS in v for n, v, _s in sheet)
        assert (text is None) == has_separator, position
    wanted = sorted({name for sheet in sheets for name, _v, _s in sheet})
    answers, shown, failed = unpack(
        [text for _p, text in written], [p for p, _t in written], len(sheets), wanted
    )
    assert failed == []
    for position, _text in written:
        stored = {name: (value, visible) for name, value, visible in sheets[position]}
        for name in wanted:
            assert (answers[name][position], shown[name][position]) == stored.get(name, ("", False))


def test_a_question_outside_the_form_is_left_out_and_empty_sheets_read_as_nothing() -> None:
    sheets = [pack([("a", "x y", True), ("old", "1", True)]), pack([])]
    answers, shown, failed = unpack([s for s in sheets if s], [0, 1], 3, ["a", "b"])
    assert answers == {"a": ["x y", "", ""], "b": ["", "", ""]}
    assert shown == {"a": [True, False, False], "b": [False, False, False]}
    assert failed == []
