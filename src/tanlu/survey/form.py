"""The questionnaire model: a form, its groups and questions, and the choice lists they draw on.

All records are frozen dataclasses; texts in several languages are ``{language code: text}`` dictionaries
keyed by short codes (``en``, ``zh``). A form is built by :mod:`tanlu.survey.xlsform` (which validates it)
or by code.

Pages. A respondent sees the form page by page:

* every top-level group is one page, whatever its appearance (``field-list`` is implied);
* a run of consecutive top-level questions outside any group is one page;
* a group nested inside another group is a section of its parent's page, never a page of its own.

So a form without groups is one page, and a form authored for ODK with ``field-list`` groups keeps its
screens.

Expressions (``relevant``, ``constraint``, ``required``, ``calculation``) are kept as the XLSForm text;
:mod:`.expressions` parses them. ``required`` is ``""`` (optional), ``"yes"`` (always required) or an expression.

Kept but not shown. A form authored for ODK or KoboToolbox may hold rows Tanlu does not ask in the browser:
``calculate`` rows (evaluated from the other answers when Tanlu can, so that skip logic and constraints that use
them work) and questions of types Tanlu does not render (locations, media, barcodes, repeats...). They are in
:attr:`Form.hidden_questions`, outside the pages, so that the form imports unchanged and its export gives
them back; :attr:`Question.unsupported` says why one is not asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from tanlu.errors import NotFound

__all__ = [
    "ANSWER_TYPES",
    "CHOICE_TYPES",
    "QUESTION_TYPES",
    "Choice",
    "Form",
    "Group",
    "Page",
    "Question",
    "text_in",
]

#: question types Tanlu represents; ``note`` shows text and takes no answer
QUESTION_TYPES = frozenset({"select_one", "select_multiple", "text", "integer", "decimal", "date", "note"})
CHOICE_TYPES = frozenset({"select_one", "select_multiple"})
ANSWER_TYPES = QUESTION_TYPES - {"note"}


def text_in(texts: dict[str, str], language: str, fallback: str = "") -> str:
    """The text in ``language``, else in any language present (first one), else ``fallback``."""
    if texts.get(language):
        return texts[language]
    return next((text for text in texts.values() if text), fallback)


@dataclass(frozen=True)
class Choice:
    """One option of a choice list: its stable name (what is stored) and its label per language."""

    name: str
    label: dict[str, str]


@dataclass(frozen=True)
class Question:
    """One question. ``choices`` is the name of a choice list for select types, else ``None``."""

    name: str
    type: str
    label: dict[str, str]
    hint: dict[str, str] = field(default_factory=dict)
    required: str = ""
    relevant: str = ""
    constraint: str = ""
    constraint_message: dict[str, str] = field(default_factory=dict)
    appearance: str = ""
    default: str = ""
    choices: str | None = None
    #: the ``calculation`` of a ``calculate`` row
    calculation: str = ""
    #: why Tanlu does not ask it (``"location"``, ``"media"``, ``"repeat"``...); ``""`` when it does
    unsupported: str = ""
    #: the repeat group that held it in the XLSForm (its questions are kept, not asked)
    repeat: str = ""
    #: ``(column, text)`` of what the XLSForm says and Tanlu cannot apply (an expression using a function
    #: Tanlu does not evaluate, a ``choice_filter``): listed on import, written back on export
    ignored: tuple[tuple[str, str], ...] = ()

    @property
    def always_required(self) -> bool:
        return self.required == "yes"

    @property
    def takes_answer(self) -> bool:
        return self.type in ANSWER_TYPES and not self.unsupported


@dataclass(frozen=True)
class Group:
    """A ``begin_group``/``end_group`` pair and what it holds (questions and nested groups, in order)."""

    name: str
    label: dict[str, str]
    children: tuple[Question | Group, ...]
    relevant: str = ""
    appearance: str = ""
    #: ``(column, text)`` the XLSForm says and Tanlu cannot apply (see :attr:`Question.ignored`)
    ignored: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Page:
    """What a respondent sees at once: a top-level group, or a run of top-level questions."""

    name: str | None
    label: dict[str, str]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Form:
    """A questionnaire. ``form_id`` is the survey's identifier; ``languages`` lists the label languages."""

    form_id: str
    title: dict[str, str]
    version: str
    default_language: str
    languages: tuple[str, ...]
    children: tuple[Question | Group, ...]
    choice_lists: dict[str, tuple[Choice, ...]]
    #: calculated values and questions Tanlu does not render, in form order (see the module docstring)
    hidden_questions: tuple[Question, ...] = ()

    def calculations(self) -> list[Question]:
        """The ``calculate`` rows Tanlu evaluates (an unsupported calculation is only kept)."""
        return [q for q in self.hidden_questions if q.type == "calculate" and not q.unsupported]

    def hidden_question(self, name: str) -> Question:
        for question in self.hidden_questions:
            if question.name == name:
                return question
        raise NotFound(f"form {self.form_id!r} has no calculated value {name!r}")

    def known_names(self) -> set[str]:
        """Every name an expression may refer to: questions, groups and the hidden rows."""
        names = {question.name for question in self.questions()}
        names.update(group.name for group in self.groups())
        names.update(question.name for question in self.hidden_questions)
        return names

    def questions(self) -> list[Question]:
        """Every question, groups flattened, in form order (notes included)."""
        return list(self._outline.questions)

    def answer_questions(self) -> list[Question]:
        """Every question that takes an answer (notes left out), in form order."""
        return list(self._outline.answer_questions)

    def walk(self) -> Iterator[tuple[Question, tuple[Group, ...]]]:
        """Each question with the groups that enclose it, outermost first."""
        return iter(self._outline.walked)

    def groups(self) -> list[Group]:
        """Every group, outer before inner, in form order."""
        return list(self._outline.groups)

    def question(self, name: str) -> Question:
        found = self._outline.by_name.get(name)
        if found is None:
            raise NotFound(f"form {self.form_id!r} has no question {name!r}")
        return found

    def has_question(self, name: str) -> bool:
        return name in self._outline.by_name

    @cached_property
    def _outline(self) -> _Outline:
        """The question tree walked once per form: a form is immutable, and one request asked for its flattened
        questions, groups and pages about 16 times (a form is kept per process, so this is once per process)."""
        return _Outline.of(self)

    def choices_for(self, question: Question) -> tuple[Choice, ...]:
        """The options of a select question, in list order (empty for other types)."""
        if question.choices is None:
            return ()
        return self.choice_lists[question.choices]

    def pages(self) -> list[Page]:
        """The pages a respondent walks through (see the module docstring for the rule)."""
        return list(self._outline.pages)


@dataclass(frozen=True)
class _Outline:
    """What :class:`Form`'s accessors return, worked out from its tree in one walk."""

    walked: tuple[tuple[Question, tuple[Group, ...]], ...]
    questions: tuple[Question, ...]
    answer_questions: tuple[Question, ...]
    groups: tuple[Group, ...]
    by_name: dict[str, Question]
    pages: tuple[Page, ...]

    @classmethod
    def of(cls, form: Form) -> _Outline:
        walked: list[tuple[Question, tuple[Group, ...]]] = []
        groups: list[Group] = []

        def visit(nodes: tuple[Question | Group, ...], parents: tuple[Group, ...]) -> None:
            for node in nodes:
                if isinstance(node, Group):
                    groups.append(node)
                    visit(node.children, (*parents, node))
                else:
                    walked.append((node, parents))

        visit(form.children, ())
        questions = tuple(question for question, _ in walked)
        by_name: dict[str, Question] = {}
        for question in questions:
            by_name.setdefault(
                question.name, question
            )  # the first of a name, as a search in form order finds
        return cls(
            walked=tuple(walked),
            questions=questions,
            answer_questions=tuple(question for question in questions if question.takes_answer),
            groups=tuple(groups),
            by_name=by_name,
            pages=tuple(_pages(form.children)),
        )


def _pages(children: tuple[Question | Group, ...]) -> list[Page]:
    """Every top-level group is a page; so is each run of top-level questions (see the module docstring)."""
    pages: list[Page] = []
    loose: list[Question] = []
    for node in children:
        if isinstance(node, Group):
            if loose:
                pages.append(Page(None, {}, tuple(loose)))
                loose = []
            pages.append(Page(node.name, node.label, tuple(_flattened(node.children))))
        else:
            loose.append(node)
    if loose or not pages:  # a form of hidden rows only (calculations, repeats) still has its one page
        pages.append(Page(None, {}, tuple(loose)))
    return pages


def _flattened(nodes: tuple[Question | Group, ...]) -> Iterator[Question]:
    for node in nodes:
        if isinstance(node, Group):
            yield from _flattened(node.children)
        else:
            yield node
