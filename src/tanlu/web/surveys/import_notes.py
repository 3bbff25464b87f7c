"""What an imported XLSForm holds that Tanlu keeps but does not ask or apply, in the reader's language.

The core lists it (:func:`tanlu.survey.xlsform.import_notes`); the import and questionnaire pages show it so
that an owner who imports a form authored for ODK or KoboToolbox sees at once which questions the browser
will not ask (locations, photos, repeats...) and which logic is not applied.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from tanlu.survey.form import Form
from tanlu.survey.xlsform import import_notes

__all__ = ["describe"]

_REASONS = {
    "location": gettext_lazy("locations are not supported here"),
    "media": gettext_lazy("photos, audio, video and files are not supported here"),
    "barcode": gettext_lazy("barcodes are not supported here"),
    "time": gettext_lazy("times of day are not supported here"),
    "datetime": gettext_lazy("dates with a time are not supported here"),
    "acknowledge": gettext_lazy("acknowledgements are not supported here"),
    "range": gettext_lazy("ranges are not supported here"),
    "rank": gettext_lazy("ranking is not supported here"),
    "hidden": gettext_lazy("kept as a hidden value"),
    "external": gettext_lazy("choices from an external file are not supported here"),
    "repeat": gettext_lazy("repeated groups are not supported here"),
    "calculation": gettext_lazy("Tanlu cannot evaluate this calculation; it is kept as a hidden value"),
    "other": gettext_lazy("this question type is not supported here"),
}


_LOGIC = {
    "relevant": gettext_lazy("Tanlu cannot evaluate its relevant %(text)s; the question is always shown"),
    "constraint": gettext_lazy("Tanlu cannot evaluate its constraint %(text)s; it is not checked"),
    "required": gettext_lazy("Tanlu cannot evaluate its required %(text)s; the answer is optional"),
    "choice_filter": gettext_lazy("its choice filter %(text)s is not applied; every choice is shown"),
    "label": gettext_lazy("it has no label; its name is shown"),
}


def describe(form: Form) -> list[str]:
    """One line per note: the question, its type and what Tanlu does with it."""
    lines: list[str] = []
    for note in import_notes(form):
        if note.kind in _LOGIC:
            reason = str(_LOGIC[note.kind]) % {"text": note.text} if note.text else str(_LOGIC[note.kind])
        else:
            reason = str(_REASONS.get(note.kind, _REASONS["other"]))
        lines.append(f"{note.question} ({note.type}): {reason}")
    return lines
