"""Template tags of the method choices shown on pages whose views do not build them (the factors page)."""

from __future__ import annotations

from django import template

from tanlu.web.inventory.factorsets import DEFAULT_CH4_RULE
from tanlu.web.inventory.forms import Ch4RuleForm
from tanlu.web.inventory.models import CH4_RULE_LABELS, CH4_RULE_SHORT, FactorSetVersion

register = template.Library()


@register.simple_tag
def ch4_rule_form(version: FactorSetVersion | None) -> Ch4RuleForm:
    """The CH4 rule form, set to the rule of ``version`` (none: the bundled library's)."""
    return Ch4RuleForm(initial={"ch4_rule": version.ch4_rule if version else DEFAULT_CH4_RULE})


@register.simple_tag
def ch4_rule_label(version: FactorSetVersion | None) -> str:
    """The rule of ``version`` in the reader's language (none: the bundled library's)."""
    return str(CH4_RULE_LABELS[version.ch4_rule if version else DEFAULT_CH4_RULE])


@register.filter
def ch4_rule_short(version: FactorSetVersion) -> str:
    """The rule of ``version`` in a word or two (a table column)."""
    return str(CH4_RULE_SHORT[version.ch4_rule])
