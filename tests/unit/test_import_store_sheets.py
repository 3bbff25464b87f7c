"""The import writer builds its answer sheets column by column: each must be what ``answer_sheet.pack`` gives for
that response's rows, ``None`` included (a separator in a name or a value), hidden answers stored as ""."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.web.surveys.answer_sheet import RS, US, pack
from tanlu.web.surveys.import_store import sheets

names = st.lists(st.text(alphabet=f"ab_.{US}{RS}中", min_size=1, max_size=3), max_size=5, unique=True)
values = st.text(alphabet=f'ab ,"\n{US}{RS}碳', max_size=4)


# the examples are small; only a starved machine makes their generation "slow"
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(names, st.integers(0, 6), st.data())
def test_sheets_are_what_pack_gives_response_by_response(
    questions: list[str], count: int, data: st.DataObject
) -> None:
    answers = {name: data.draw(st.lists(values, min_size=count, max_size=count)) for name in questions}
    shown = {name: data.draw(st.lists(st.booleans(), min_size=count, max_size=count)) for name in questions}
    stored = {
        name: [value if flag else "" for value, flag in zip(answers[name], shown[name], strict=True)]
        for name in questions
    }
    expected = [pack((name, stored[name][i], shown[name][i]) for name in questions) for i in range(count)]
    assert sheets(questions, stored, shown, count) == expected
