"""What the pact asks of one municipality: each target with its indicative share.

A LEKP 2.0 wording counts for the municipalities of the supporters that state it (IOK took
over 1,5 laadequivalenten per 100 inwoners, for instance), so it is shown beside the 1.0
wording it adapts, and only there.
"""

from dataclasses import dataclass, field

from django import forms

from werven.models import Target

MAX_HOUSING_UNITS = 10_000_000


class HousingUnitsForm(forms.Form):
    """``?wooneenheden=N``: a GET form, so a computed result has its own address."""

    wooneenheden = forms.IntegerField(
        label="Aantal wooneenheden",
        min_value=1,
        max_value=MAX_HOUSING_UNITS,
        error_messages={
            "invalid": "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210.",
            "min_value": "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210.",
            "max_value": "Zoveel wooneenheden telt geen Vlaamse gemeente; geef een aantal tot 10.000.000.",
        },
    )


@dataclass
class TargetLine:
    target: Target
    share: object = None  # werven.shares.Share, when it can be computed
    needs_housing_units: bool = False
    stated_by: list = field(default_factory=list)  # serving supporters stating a 2.0 wording
    variants: list = field(default_factory=list)


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


def pact_for(municipality, targets, serving_supporters, housing_units=None):
    """The targets per werf as TargetLines; ``targets`` has werf, variants and stated_by prefetched."""
    housing_units = housing_units or municipality.housing_units
    serving = {supporter.pk: supporter for supporter in serving_supporters}
    per_werf = {}
    for target in targets:
        group = per_werf.setdefault(target.werf_id, WerfTargets(target.werf))
        stating = [s for s in target.stated_by.all() if s.pk in serving]
        if target.pact_version == Target.PactVersion.LEKP_1:
            line = target_line(target, municipality, housing_units)
            line.variants = [
                target_line(
                    variant, municipality, housing_units, [s for s in variant.stated_by.all() if s.pk in serving]
                )
                for variant in target.variants.all()
                if any(s.pk in serving for s in variant.stated_by.all())
            ]
            group.lines.append(line)
        elif target.variant_of_id is None and stating:
            # A target new in 2.0, such as the klimaattafel, counts where a supporter states it.
            group.lines.append(target_line(target, municipality, housing_units, stating))
    return [group for group in per_werf.values() if group.lines]
