"""The lenient filter fields and the ordering filter, on their own; the list page tests show them at work."""

import django_filters
import pytest
from django import forms
from django.http import QueryDict

from offers.filters import OfferFilter
from offers.lenient import (
    LenientMultipleChoiceField,
    LenientOrderingFilter,
    LenientSearchField,
)
from offers.models import Offer

MESSAGES = {"invalid_choice": "„%(value)s” bestaat niet.", "unknown_number": "Nummer %(value)s bestaat niet."}


def choice_field(**kwargs):
    return LenientMultipleChoiceField(
        choices=[("1", "Een"), ("4", "Vier"), ("iok", "IOK")], required=False, error_messages=MESSAGES, **kwargs
    )


# --- the lenient multiple choice ------------------------------------------------------------------


def test_known_values_are_kept_once_in_order_and_each_unknown_one_is_noted():
    field = choice_field()
    assert field.clean(["iok", " 4 ", "x", "iok", "", "y", "x"]) == ["iok", "4"]
    assert field.notices == ["„x” bestaat niet.", "„y” bestaat niet.", "„x” bestaat niet."]


def test_a_form_with_an_unknown_value_stays_valid_and_shows_only_the_kept_values():
    class Form(forms.Form):
        werf = choice_field(numbers=True)

    form = Form(QueryDict("werf=04&werf=9&werf=onbekend"))
    assert form.is_valid()
    assert form.cleaned_data == {"werf": ["4"]}
    assert form["werf"].value() == ["4"]
    assert form.fields["werf"].notices == ["Nummer 9 bestaat niet.", "„onbekend” bestaat niet."]


@pytest.mark.parametrize(
    ("raw", "kept", "notice"),
    [
        ("04", ["4"], None),
        ("0001", ["1"], None),
        ("09", [], "Nummer 9 bestaat niet."),
        ("0", [], "Nummer 0 bestaat niet."),
        # Not plain ASCII digits, so not a number: quoted as typed.
        ("١", [], "„١” bestaat niet."),
        ("1_0", [], "„1_0” bestaat niet."),
        # Too long to be a werf number, and more digits than int() will read: no 500, a cut quote.
        ("1" * 5000, [], "„" + "1" * 39 + "…” bestaat niet."),
    ],
)
def test_numbers_are_read_as_numbers(raw, kept, notice):
    field = choice_field(numbers=True)
    assert field.clean([raw]) == kept
    assert field.notices == ([notice] if notice else [])


def test_without_numbers_a_leading_zero_is_part_of_the_value():
    field = choice_field()
    assert field.clean(["04"]) == []
    assert field.notices == ["„04” bestaat niet."]


def test_a_notice_quotes_the_value_without_control_characters_on_one_line_and_cut():
    field = choice_field()
    field.clean(["a\x00b\x07c", "twee\n  regels", "x" * 41])
    assert field.notices == ["„abc” bestaat niet.", "„twee regels” bestaat niet.", "„" + "x" * 39 + "…” bestaat niet."]


# --- the lenient search ---------------------------------------------------------------------------


def search_field(cut_at=20):
    return LenientSearchField(
        cut_at=cut_at, required=False, error_messages={"too_long": "Enkel de eerste %(count)s tekens."}
    )


def test_a_search_loses_control_characters_and_runs_of_spaces():
    field = search_field()
    assert field.clean("  regen\x00water \t plan\x07 ") == "regenwater plan"
    assert field.notices == []


def test_a_long_search_is_cut_with_a_notice():
    field = search_field(cut_at=10)
    assert field.clean("abcd efgh ijklmnop") == "abcd efgh"
    assert field.notices == ["Enkel de eerste 10 tekens."]
    assert field.bound_data("abcd efgh ijklmnop", None) == "abcd efgh"


# --- the ordering filter --------------------------------------------------------------------------


class Sorted(django_filters.FilterSet):
    sortering = LenientOrderingFilter(
        orderings={
            "titel": ("titel (A–Z)", ("title", "pk")),
            "bijgewerkt": ("laatst bijgewerkt", ("-updated_at", "pk")),
        },
        default="titel",
        error_messages={"invalid_choice": "Sortering „%(value)s” bestaat niet."},
    )

    class Meta:
        model = Offer
        fields = []


def sorted_by(query):
    filterset = Sorted(QueryDict(query), queryset=Offer.objects.all())
    return filterset.qs.query.order_by, filterset.form.fields["sortering"].notices


def test_the_menu_has_one_entry_per_order_without_descending_twins_or_an_empty_entry():
    assert list(Sorted().form.fields["sortering"].choices) == [
        ("titel", "Titel (A–Z)"),
        ("bijgewerkt", "Laatst bijgewerkt"),
    ]


@pytest.mark.parametrize(
    ("query", "order_by", "notices"),
    [
        ("", ("title", "pk"), []),
        ("sortering=", ("title", "pk"), []),
        ("sortering=bijgewerkt", ("-updated_at", "pk"), []),
        ("sortering=+bijgewerkt+", ("-updated_at", "pk"), []),
        ("sortering=drop", ("title", "pk"), ["Sortering „drop” bestaat niet."]),
        ("sortering=-titel", ("title", "pk"), ["Sortering „-titel” bestaat niet."]),
        # OrderingFilter would sort by both; the list sorts by one, so the pair is unknown as typed.
        ("sortering=titel,bijgewerkt", ("title", "pk"), ["Sortering „titel,bijgewerkt” bestaat niet."]),
    ],
)
def test_one_known_order_applies_and_the_default_otherwise(query, order_by, notices):
    assert sorted_by(query) == (order_by, notices)


def test_the_menu_shows_the_order_in_use():
    assert Sorted(QueryDict("sortering=bijgewerkt")).form["sortering"].value() == ["bijgewerkt"]
    assert Sorted(QueryDict("sortering=titel,bijgewerkt")).form["sortering"].value() == []


# --- the offer filter: what links repeat ----------------------------------------------------------


def test_kept_params_hold_only_what_was_used_and_chips_remove_one_value_each(werven, make_supporter):
    make_supporter("iok", name="IOK")
    offer_filter = OfferFilter(QueryDict("pagina=2&werf=04&werf=9&ondersteuner=iok&q=+plan+&sortering=drop"))
    assert offer_filter.kept_params.urlencode() == "werf=4&ondersteuner=iok&q=plan"
    assert offer_filter.chips == [
        ("Werf 4: Water is het nieuwe goud", "ondersteuner=iok&q=plan"),
        ("Ondersteuner: IOK", "werf=4&q=plan"),
        ("Zoekterm: „plan”", "werf=4&ondersteuner=iok"),
    ]
    assert offer_filter.notices == [
        "Werf 9 bestaat niet; die filter is genegeerd.",
        "Sortering „drop” bestaat niet; de lijst is op titel gesorteerd.",
    ]
