"""A target's indicative share for one municipality: quantity × count ÷ per how many.

The pact counts at Flemish level; a municipality's share only tells it what its part would be
if every municipality did the same. One rounding rule everywhere: to whole units, half up
(0,5 becomes 1), because staff compare the figure with counts of trees, charging points, …
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

ROUNDING_RULE = "afgerond op hele eenheden, vanaf een half naar boven"

BASIS_SINGULAR = {"inwoner": "inwoner", "wooneenheid": "wooneenheid"}
BASIS_PLURAL = {"inwoner": "inwoners", "wooneenheid": "wooneenheden"}


def belgian_number(value):
    """102.275 and 0,5: Belgian notation whatever the active language."""
    if isinstance(value, Decimal):
        value = value.normalize()
        # normalize() writes 100 as 1E+2; the quantize keeps whole numbers plain.
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Share:
    target: object  # werven.models.Target
    count: int  # inhabitants or housing units of the municipality

    @property
    def exact(self):
        return self.target.quantity * Decimal(self.count) / Decimal(self.target.per_count or 1)

    @property
    def value(self):
        return int(self.exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def unit(self):
        return self.target.unit_label_for(self.value)

    @property
    def formula(self):
        """ "1 boom per inwoner × 102.275 inwoners = 102.275 bomen", in Belgian notation."""
        target, basis = self.target, self.target.basis
        per_count = target.per_count or 1
        per = BASIS_SINGULAR[basis] if per_count == 1 else f"{belgian_number(per_count)} {BASIS_PLURAL[basis]}"
        counted = BASIS_SINGULAR[basis] if self.count == 1 else BASIS_PLURAL[basis]
        return (
            f"{belgian_number(target.quantity)} {target.unit_label} per {per}"
            f" × {belgian_number(self.count)} {counted} = {belgian_number(self.value)} {self.unit}"
        )
