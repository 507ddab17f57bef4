"""A target's indicative share for a municipality: the arithmetic and how it is written."""

from decimal import Decimal

import pytest

from werven.models import Target
from werven.shares import belgian_number


def target(quantity, unit, per_count, basis=Target.Basis.INWONER):
    return Target(quantity=Decimal(str(quantity)), unit=unit, per_count=per_count, basis=basis)


@pytest.mark.parametrize(
    ("quantity", "unit", "per_count", "count", "value", "formula"),
    [
        # Leuven, 102.275 inhabitants on 1/1/2020
        (1, "bomen", 1, 102275, 102275, "1 boom per inwoner × 102.275 inwoners = 102.275 bomen"),
        (
            0.5,
            "m_haag",
            1,
            102275,
            51138,  # 51.137,5: half up
            "0,5 m haag of geveltuinbeplanting per inwoner × 102.275 inwoners = 51.138 m haag of geveltuinbeplanting",
        ),
        (
            1,
            "perken",
            1000,
            102275,
            102,
            "1 natuurgroenperk per 1.000 inwoners × 102.275 inwoners = 102 natuurgroenperken",
        ),
        (
            1.5,
            "laadequivalenten",
            100,
            102275,
            1534,  # 1.534,125
            "1,5 laadequivalenten per 100 inwoners × 102.275 inwoners = 1.534 laadequivalenten",
        ),
        # Herstappe, the smallest municipality: 88 inhabitants
        (1, "projecten", 500, 88, 0, "1 project per 500 inwoners × 88 inwoners = 0 projecten"),
        (1, "laadpunten", 100, 88, 1, "1 laadpunt per 100 inwoners × 88 inwoners = 1 laadpunt"),
        (1, "toegangspunten", 1000, 500, 1, "1 toegangspunt per 1.000 inwoners × 500 inwoners = 1 toegangspunt"),
        (1, "toegangspunten", 1000, 499, 0, "1 toegangspunt per 1.000 inwoners × 499 inwoners = 0 toegangspunten"),
    ],
)
def test_share_rounds_half_up_and_writes_the_formula_in_belgian_notation(
    quantity, unit, per_count, count, value, formula
):
    share = target(quantity, unit, per_count).share_for(count)
    assert share.value == value
    assert share.formula == formula


def test_share_per_housing_unit():
    renovations = target(50, "renovaties", 1000, basis=Target.Basis.WOONEENHEID)
    share = renovations.share_for(45210)
    assert share.value == 2261  # 2.260,5
    assert share.formula == "50 renovaties per 1.000 wooneenheden × 45.210 wooneenheden = 2.261 renovaties"
    assert renovations.share_for(1).formula == "50 renovaties per 1.000 wooneenheden × 1 wooneenheid = 0 renovaties"


def test_only_targets_with_a_quantity_and_a_basis_can_be_shared():
    assert target(1, "bomen", 1).can_be_shared
    assert not Target(text="Ondersteuning energiegemeenschappen").can_be_shared


def test_belgian_number():
    assert [belgian_number(v) for v in (102275, Decimal("0.50"), Decimal("100"), Decimal("1.5"), 6629143)] == [
        "102.275",
        "0,5",
        "100",
        "1,5",
        "6.629.143",
    ]
