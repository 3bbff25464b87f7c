"""Round trip: exporting any form to XLSForm and importing it gives the same form back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.survey.form import CHOICE_TYPES, QUESTION_TYPES, Choice, Form, Group, Question
from tanlu.survey.xlsform import read_xlsform, write_xlsform

LANGUAGES = ["en", "zh", "fr"]
names = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), blacklist_characters="\ufeff"
    ),
    min_size=1,
    max_size=15,
) | st.sampled_from(["碳足迹", "=SUM(A1)", "-1", "12000", "TRUE", "Scope 1 排放"])


@st.composite
def forms(draw: st.DrawFn) -> Form:
    languages = tuple(draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True)))

    def translated(*, required: bool) -> dict[str, str]:
        chosen = draw(st.lists(st.sampled_from(languages), min_size=1 if required else 0, unique=True))
        return {code: draw(texts) for code in languages if code in chosen}

    pool = draw(st.lists(names, min_size=2, max_size=14, unique=True))
    list_count = draw(st.integers(1, 3))
    list_names, question_names = pool[:list_count], pool[list_count:]
    choice_lists = {
        name: tuple(
            # a choice without any label is shown, and imported back, with its name as its label (pyxform's rule)
            Choice(choice, translated(required=True))
            for choice in draw(st.lists(names, min_size=1, max_size=4, unique=True))
        )
        for name in list_names
    }
    questions: list[Question] = []
    for name in question_names:
        kind = draw(st.sampled_from(sorted(QUESTION_TYPES)))
        earlier = [q for q in questions if q.type != "note"]
        relevant = ""
        if earlier and draw(st.booleans()):
            relevant = f"${{{draw(st.sampled_from(earlier)).name}}} != 'x'"
        questions.append(
            Question(
                name=name,
                type=kind,
                label=translated(required=True),
                hint=translated(required=False),
                required=draw(st.sampled_from(["", "yes"])),
                relevant=relevant,
                constraint=draw(st.sampled_from(["", ". != ''", "string-length(.) < 50"])),
                constraint_message=translated(required=False),
                appearance=draw(st.sampled_from(["", "multiline", "minimal"])),
                choices=draw(st.sampled_from(list_names)) if kind in CHOICE_TYPES else None,
            )
        )
    children: list[Question | Group] = list(questions)
    if len(questions) >= 2 and draw(st.booleans()):
        start = draw(st.integers(0, len(questions) - 1))
        end = draw(st.integers(start + 1, len(questions)))
        group_name = "G_" + draw(names)  # upper case: never one of the question names
        group = Group(group_name, translated(required=False), tuple(questions[start:end]), "", "field-list")
        children = [*questions[:start], group, *questions[end:]]
    title_languages = draw(st.lists(st.sampled_from(languages), min_size=1, unique=True))
    return Form(
        form_id=draw(names),
        title={code: draw(texts) for code in languages if code in title_languages},
        version=draw(st.sampled_from(["", "1", "2024-01"])),
        default_language=draw(st.sampled_from(languages)),
        languages=languages,
        children=tuple(children),
        choice_lists=choice_lists,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms())
def test_export_then_import_is_identity(form: Form) -> None:
    assert read_xlsform(write_xlsform(form)) == form
