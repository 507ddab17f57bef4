"""What the pact asks of one municipality: each target with its indicative share.

A LEKP 2.0 wording counts for the municipalities of the supporters that state it (IOK took
over 1,5 laadequivalenten per 100 inwoners, for instance), so it is shown beside the 1.0
wording it adapts, and only there.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, FilteredRelation, IntegerField, Q, Value

from offers.lenient import shown
from werven.models import Target
from werven.shares import belgian_number

MAX_HOUSING_UNITS = 10_000_000
# 45.210 or 45 210: how a count is written in Belgium (a count of housing units has no decimals).
GROUPED_DIGITS = re.compile(r"[0-9]{1,3}(?:[. \u00a0\u202f][0-9]{3})+")
NOT_A_COUNT = "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „%(value)s” is dat niet."


class HousingUnitsForm(forms.Form):
    """``?wooneenheden=N``: a GET form, so a computed result has its own address.

    Only plain digits count: int() would also take "1_000" and Arabic-Indic digits, and refuses
    more than 4,300 digits with an error of its own.
    """

    wooneenheden = forms.CharField(
        label="Aantal wooneenheden",
        strip=True,
        error_messages={"required": "Vul het aantal wooneenheden in, bv. 45210."},
    )

    def clean_wooneenheden(self):
        value = self.cleaned_data["wooneenheden"]
        digits = re.sub(r"\D", "", value) if GROUPED_DIGITS.fullmatch(value) else value
        significant = digits.lstrip("0")
        if not (digits.isascii() and digits.isdigit() and significant):
            raise ValidationError(NOT_A_COUNT, code="invalid", params={"value": shown(value)})
        # The length first: a 5,000-digit value is never turned into a number.
        if len(significant) > len(str(MAX_HOUSING_UNITS)) or int(significant) > MAX_HOUSING_UNITS:
            raise ValidationError(
                "Zoveel wooneenheden telt geen Vlaamse gemeente; geef een aantal tot %(max)s.",
                code="max_value",
                params={"max": belgian_number(MAX_HOUSING_UNITS)},
            )
        return int(significant)


@dataclass
class TargetLine:
    target: Target
    share: object = None  # werven.shares.Share, when it can be computed
    needs_housing_units: bool = False
    stated_by: list = field(default_factory=list)  # serving supporters stating a 2.0 wording
    variants: list = field(default_factory=list)

    @property
    def unrounded(self):
        """The exact share in Belgian notation when rounding changed it ("0,079"), else None.

        Three decimals at most: enough to show why 79 inhabitants come to 0 parks.
        """
        if self.share is None or self.share.exact == self.share.value:
            return None
        return belgian_number(self.share.exact.quantize(Decimal("0.001")))


@dataclass
class WerfTargets:
    werf: object
    lines: list = field(default_factory=list)


def target_line(target, municipality, housing_units, stated_by=()):
    line = TargetLine(target, stated_by=list(stated_by))
    if not target.can_be_shared:
        return line
    if target.basis == Target.Basis.INWONER:
        line.share = target.share_for(municipality.inhabitants)
    elif housing_units:
        line.share = target.share_for(housing_units)
    else:
        line.needs_housing_units = True
    return line


def pact_targets(serving_supporters):
    """Every target, with its werf and the target it adapts, for ``pact_for``: one query.

    Joined to who states it: ``stating_id`` is a serving supporter that states it, or None. A
    target comes once per supporter stating it (a few at most) and once if none does.
    """
    targets = Target.objects.select_related("werf", "variant_of").order_by(
        "werf__number", "pact_version", "position", "pk"
    )
    if not serving_supporters:
        # "IN ()" would empty the whole query, not only the join.
        return targets.annotate(stating_id=Value(None, output_field=IntegerField()))
    stating = FilteredRelation("stated_by", condition=Q(stated_by__in=serving_supporters))
    return targets.annotate(stating=stating, stating_id=F("stating__pk"))


def pact_for(municipality, rows, serving_supporters, housing_units=None):
    """The targets per werf as TargetLines, from the rows of ``pact_targets(serving_supporters)``."""
    housing_units = housing_units or municipality.housing_units
    targets, stating_ids, variants = {}, defaultdict(set), defaultdict(list)
    for row in rows:
        targets.setdefault(row.pk, row)
        stating_ids[row.pk].add(row.stating_id)
    for target in targets.values():
        variants[target.variant_of_id].append(target)

    def stating(target):
        return [supporter for supporter in serving_supporters if supporter.pk in stating_ids[target.pk]]

    per_werf = {}
    for target in targets.values():
        group = per_werf.setdefault(target.werf_id, WerfTargets(target.werf))
        if target.pact_version == Target.PactVersion.LEKP_1:
            line = target_line(target, municipality, housing_units)
            adapted = sorted(variants[target.pk], key=Target.order_key)
            line.variants = [
                target_line(variant, municipality, housing_units, stating(variant))
                for variant in adapted
                if stating(variant)
            ]
            group.lines.append(line)
        elif target.variant_of_id is None and stating(target):
            # A target new in 2.0, such as the klimaattafel, counts where a supporter states it.
            group.lines.append(target_line(target, municipality, housing_units, stating(target)))
    return [group for group in per_werf.values() if group.lines]
