from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Customer name"), max_length=200)


class GrantsForm(forms.Form):
    """The products a customer sees: the choices are the organization's published part numbers."""

    product_ids = forms.MultipleChoiceField(
        label=_("Products this customer sees"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, products: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["product_ids"].choices = [(p, p) for p in products]  # type: ignore[attr-defined]
