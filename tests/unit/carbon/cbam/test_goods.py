"""The supply chain's goods a form offers first are all CBAM goods of Annex I, each with its category."""

from __future__ import annotations

from tanlu.carbon.cbam.goods import SUPPLY_CHAIN_GOODS, aggregated_category, check_cbam_good


def test_every_offered_good_is_in_annex_i_with_an_english_and_a_chinese_name() -> None:
    for code, name_en, name_zh in SUPPLY_CHAIN_GOODS:
        assert check_cbam_good(code) == code
        assert aggregated_category(code)
        assert name_en
        assert name_zh
    assert len({code for code, _en, _zh in SUPPLY_CHAIN_GOODS}) == len(SUPPLY_CHAIN_GOODS)
