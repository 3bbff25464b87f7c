"""Product models for tests: the bundled example, models written as CSV folders from text, and a hand-worked one."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

import pytest

from tanlu.carbon.products.model import ProductModel
from tanlu.carbon.products.reader import read_model

WriteModel = Callable[..., Path]

#: A model worked out by hand (see :func:`hand_worked`).
HAND_WORKED: Mapping[str, str] = {
    "products": "product_id,name,unit,mass_kg,price\nA,Assembly,piece,2,10\nB,Blank,kg,1,2\n",
    "inputs": "product_id,input_id,quantity,unit,scrap\nA,B,1.5,kg,0.25\nA,S,500,g,\nB,S,1,kg,\nB,A,0.1,piece,\n",
    "purchased": (
        "item_id,name,unit,kgco2e_per_unit,primary_data_share,source,dqr_technological,dqr_geographical,dqr_temporal\n"
        "S,Steel,kg,2,50,Supplier PCF,1,2,1\n"
    ),
    "sites": "site,allocation\nP,mass\n",
    "site_activities": "site,activity,amount,unit,dqr_technological,dqr_geographical,dqr_temporal\nP,power_test,1000,kWh,2,2,2\n",
    "production": "site,product_id,quantity\nP,A,100\nP,B,300\n",
    "factors": (
        "activity,unit,gas,value,scope,category,method,source\n"
        "power_test,kWh,CO2e,0.5,2,purchased_electricity,location,Test grid\n"
    ),
}


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    """A copy of the bundled brake-caliper example (tests may edit it)."""
    source = resources.files("tanlu.carbon.products").joinpath("data", "example")
    target = tmp_path / "example"
    target.mkdir()
    for entry in source.iterdir():
        shutil.copyfile(str(entry), target / entry.name)
    return target


@pytest.fixture
def write_model(tmp_path: Path) -> WriteModel:
    """Write ``{sheet: csv text}`` as a folder of CSV files (``base`` sheets first, then the overrides)."""

    def write(
        sheets: Mapping[str, str], *, base: Mapping[str, str] = HAND_WORKED, name: str = "model"
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for sheet, text in {**base, **sheets}.items():
            (folder / f"{sheet}.csv").write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def hand_worked(write_model: WriteModel) -> ProductModel:
    """Two products in a loop, one purchased item, one site allocated by mass — worked out by hand.

    Site P emits 1000 kWh × 0.5 kg/kWh = 500 kg CO2e. Allocated by mass: A 100 pieces × 2 kg = 200, B 300 kg × 1 kg
    = 300, so A's share is 0.4 (200 kg CO2e, 2 per piece) and B's 0.6 (300 kg CO2e, 1 per kg).
    Inputs per unit: A takes 1.5 kg B at 25% scrap = 2 kg B and 500 g = 0.5 kg steel; B takes 1 kg steel and
    0.1 piece A (remelt loop). Steel is 2 kg CO2e/kg.

        f_A = 2 + 2 f_B + 0.5 × 2          f_B = 1 + 1 × 2 + 0.1 f_A
        f_A = 3 + 2 (3 + 0.1 f_A) = 9 + 0.2 f_A  →  f_A = 11.25,  f_B = 3 + 1.125 = 4.125

    Primary data (site activity 100%, steel 50%, i.e. 1 kg CO2e of its 2 per kg):
        p_A = 2 + 2 p_B + 0.5 × 1,  p_B = 1 + 1 + 0.1 p_A  →  p_A = 6.5 / 0.8 = 8.125  →  72.2% of 11.25.
    Technological DQR (site 2, steel 1): t_A = 2×2 + 2 t_B + 0.5×2×1, t_B = 1×2 + 2×1 + 0.1 t_A
        → t_A = (5 + 8) / 0.8 = 16.25 → 16.25 / 11.25 = 1.444.
    """
    return read_model(write_model({}))
