"""Forms of the surveys area: the owner's forms (Django forms) and the respondent's questions (built from the form).

The respondent's page is not a Django form: its questions come from the XLSForm, so :func:`page_questions` turns a
page of the core's :class:`~tanlu.survey.form.Form` into what the template renders (label, hint, choices, value,
errors, shown) and :func:`posted_answers` reads a submitted page back into raw answers for the core to validate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanlu.survey.form import Form, Page, Question, text_in
from tanlu.survey.responses import required_now

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: the years a survey's close date may fall in
CLOSE_YEARS = (2000, 9998)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSForm file"),
        help_text=gettext_lazy(
            "An .xlsx or .xls XLSForm as KoboToolbox, ODK or pyxform write it (survey, choices and settings "
            "sheets), or the same sheets as CSV or Markdown. The settings sheet's form_id becomes the survey's "
            "identifier."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ParticipantsForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy(
            "CSV (UTF-8 or GBK) or XLSX with a header row: email, name, company, language (zh or en), and any "
            "other columns (customer OEM, tier, region…) kept as attributes for filtering results."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class BuiltinForm(forms.Form):
    """The AIAG questionnaire as a new wave: its number, its names and the wave its results are compared with."""

    wave = forms.IntegerField(label=gettext_lazy("Wave"), min_value=1, max_value=99)
    title_zh = forms.CharField(label=gettext_lazy("Name in Chinese"), max_length=300)
    title_en = forms.CharField(label=gettext_lazy("Name in English"), max_length=300)
    previous_wave = forms.ModelChoiceField(
        label=gettext_lazy("Compare the results with"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No earlier wave"),
    )

    def __init__(self, surveys: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["previous_wave"]
        field.queryset = surveys  # type: ignore[attr-defined]
        field.label_from_instance = str  # type: ignore[attr-defined]


#: the languages a participant's emails and pages can be in ("" for the site's default)
PARTICIPANT_LANGUAGES = (("zh-hans", "中文"), ("en", "English"))


class ParticipantForm(forms.Form):
    """One person to invite, typed in on the invitations page."""

    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    company = forms.CharField(label=gettext_lazy("Company"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the email and the survey"), choices=PARTICIPANT_LANGUAGES
    )


class SettingsForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Close date"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=gettext_lazy(
            "Links stop taking answers at this time (China Standard Time). Leave empty to close by hand."
        ),
    )
    public_link_enabled = forms.BooleanField(
        label=gettext_lazy("Public link: anyone with the link can answer, anonymously"), required=False
    )

    def clean_closes_at(self) -> datetime | None:
        """A date the database can hold in UTC (``0001-01-01`` in China Standard Time is before year 1 there)."""
        closes_at: datetime | None = self.cleaned_data["closes_at"]
        if closes_at is not None and not CLOSE_YEARS[0] <= closes_at.year <= CLOSE_YEARS[1]:
            raise forms.ValidationError(
                _("Choose a date between the years %(first)s and %(last)s.")
                % {"first": CLOSE_YEARS[0], "last": CLOSE_YEARS[1]}
            )
        return closes_at


class TextsForm(forms.Form):
    """The title and every question's and group's label, per language of the form (Chinese and English at least)."""

    def __init__(self, form: Form, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = form
        self.languages = list(dict.fromkeys([*form.languages, "zh", "en"]))
        for language in self.languages:
            self.fields[f"title__{language}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": language},
                required=False,
                max_length=300,
                initial=form.title.get(language, ""),
            )
        for node in [*form.groups(), *form.questions()]:
            for language in self.languages:
                self.fields[f"label__{node.name}__{language}"] = forms.CharField(
                    label=f"{node.name} ({language})",
                    required=False,
                    max_length=2000,
                    initial=node.label.get(language, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def node_rows(self) -> list[dict[str, Any]]:
        """One row per group and question in form order, with its bound fields per language."""
        rows = []
        seen: set[str] = set()
        for question, parents in self.questionnaire.walk():
            for group in parents:
                if group.name not in seen:
                    seen.add(group.name)
                    rows.append(self._row(group.name, is_group=True, kind="group"))
            rows.append(self._row(question.name, is_group=False, kind=question.type))
        return rows

    def _row(self, name: str, *, is_group: bool, kind: str) -> dict[str, Any]:
        return {
            "name": name,
            "is_group": is_group,
            "kind": kind,
            "fields": [self[f"label__{name}__{language}"] for language in self.languages],
        }

    def title_fields(self) -> list[Any]:
        return [self[f"title__{language}"] for language in self.languages]

    def titles(self) -> dict[str, str]:
        return {language: self.cleaned_data[f"title__{language}"] for language in self.languages}

    def labels(self) -> dict[tuple[str, str], str]:
        labels = {}
        for key, value in self.cleaned_data.items():
            if key.startswith("label__"):
                _prefix, name, language = key.split("__", 2)
                labels[(name, language)] = value
        return labels


# ------------------------------------------------------------------------------------------------ respondent


@dataclass
class ChoiceView:
    name: str
    label: str
    checked: bool


@dataclass
class QuestionView:
    """One question as the respondent's page shows it."""

    name: str
    type: str
    label: str
    hint: str
    required: bool
    value: str
    shown: bool
    choices: list[ChoiceView] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    controls: bool = False  # other questions' relevance depends on it (HTMX re-evaluates on change)

    @property
    def input_type(self) -> str:
        return {"integer": "text", "decimal": "text", "date": "date"}.get(self.type, "text")

    @property
    def input_mode(self) -> str:
        return {"integer": "numeric", "decimal": "decimal"}.get(self.type, "")

    @property
    def is_choice(self) -> bool:
        return self.type in {"select_one", "select_multiple"}

    @property
    def is_long_text(self) -> bool:
        return self.type == "text"


def posted_answers(form: Form, page: Page, data: QueryDict) -> dict[str, str]:
    """The raw answers of one page's questions from a POST (checkboxes as space-separated choice names)."""
    answers: dict[str, str] = {}
    for question in page.questions:
        if not question.takes_answer:
            continue
        if question.type == "select_multiple":
            answers[question.name] = " ".join(
                value.strip() for value in data.getlist(question.name) if value.strip()
            )
        else:
            answers[question.name] = data.get(question.name, "").replace("\x00", "")
    return answers


def controlling_names(form: Form) -> set[str]:
    """Questions whose answers decide, through ``relevant``, whether other questions are shown."""
    from tanlu.survey.expressions import parse_expression  # noqa: PLC0415

    names: set[str] = set()
    for node in [*form.groups(), *form.questions()]:
        if node.relevant:
            names |= set(parse_expression(node.relevant).references)
    return names


def localized_error(form: Form, question: Question, reason: str, language: str) -> str:
    """The core's reason (English, for files and the API) as a sentence in the respondent's language."""
    if reason == "an answer is required":
        return _("Please answer this question.")
    constraint_message = text_in(question.constraint_message, form.default_language)
    if question.constraint and (
        reason == constraint_message or reason.startswith("does not meet the constraint")
    ):
        return text_in(question.constraint_message, language) or _(
            "This answer is not possible here; please check it."
        )
    if reason == "The answer is too long.":
        return _("The answer is too long.")
    return {
        "integer": _("Enter a whole number, like 12, without thousands separators."),
        "decimal": _("Enter a number, like 1234.5, without thousands separators."),
        "date": _("Enter a date, written like 2024-01-05."),
        "select_one": _("Choose one of the options."),
        "select_multiple": _("Choose among the options."),
    }.get(question.type, reason)


def page_questions(
    form: Form,
    page: Page,
    *,
    language: str,
    values: Mapping[str, str],
    shown: Mapping[str, bool],
    errors: Mapping[str, list[str]],
    controls: set[str],
) -> list[QuestionView]:
    """What the template renders for each question of ``page``, in the respondent's language."""
    must = required_now(form, {name: value for name, value in values.items() if shown.get(name, True)})
    views = []
    for question in page.questions:
        value = values.get(question.name, "")
        picked = set(value.split()) if question.type == "select_multiple" else {value}
        choices = [
            ChoiceView(choice.name, text_in(choice.label, language, choice.name), choice.name in picked)
            for choice in form.choices_for(question)
        ]
        views.append(
            QuestionView(
                name=question.name,
                type=question.type,
                label=text_in(question.label, language, question.name),
                hint=text_in(question.hint, language),
                required=question.name in must,
                value=value,
                shown=shown.get(question.name, True),
                choices=choices,
                errors=[
                    localized_error(form, question, reason, language)
                    for reason in errors.get(question.name, [])
                ],
                controls=question.name in controls,
            )
        )
    return views
