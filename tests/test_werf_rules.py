"""One rule for werven: general support is linked to every werf, other support to at least one.

The admin form, the seed loader and the tests' own factory all go through it, so a general
offer reads the same everywhere (cards, counts, filters, exports) whichever way it came in.
"""

import json
from io import StringIO

import pytest
from admin_forms import offer_form_data
from django.core.exceptions import ValidationError
from django.core.management import call_command

from offers.forms import OfferForm
from offers.models import Offer, PublicationStatus, Supporter
from werven.models import Werf


def exported_werven(client, title):
    response = client.get("/aanbod/export.json", {"q": title})
    rows = json.loads(b"".join(response.streaming_content))
    return {row["titel"]: row["werven"] for row in rows}[title]


def test_general_offer_from_the_admin_and_from_the_seed_export_the_same_werven(client, redacteur, iok):
    call_command("load_seed", stdout=StringIO(), stderr=StringIO())
    seeded_general = Offer.objects.filter(is_general=True, supporter__slug="iok").first()
    iok = Supporter.objects.get(slug="iok")

    client.force_login(redacteur)
    draft = Offer(
        supporter=iok,
        title="Klimaatcoach voor elke gemeente",
        slug="klimaatcoach-beheer",
        summary="Een coach.",
        description="Een coach voor alle werven.",
        kind=Offer.Kind.BEGELEIDING,
        status=PublicationStatus.PUBLISHED,
        is_general=True,
    )
    response = client.post("/admin/offers/offer/add/", offer_form_data(draft))  # no werf ticked
    assert response.status_code == 302, response.context["adminform"].form.errors

    made_in_admin = Offer.objects.get(slug="klimaatcoach-beheer")
    assert made_in_admin.served_werf_numbers == [1, 2, 3, 4]
    assert exported_werven(client, made_in_admin.title) == exported_werven(client, seeded_general.title) == [1, 2, 3, 4]


def test_admin_refuses_an_offer_without_werf_that_is_not_general(client, redacteur, iok, werven):
    client.force_login(redacteur)
    draft = Offer(supporter=iok, title="Zonder werf", slug="zonder-werf", summary="x", description="x", kind="studie")
    response = client.post("/admin/offers/offer/add/", offer_form_data(draft, status="gepubliceerd"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["werven"] == [
        "Kies minstens één werf, of vink “algemene ondersteuning” aan (dan telt het voor alle werven)."
    ]
    assert not Offer.objects.filter(slug="zonder-werf").exists()


def test_unticking_general_keeps_the_werven_the_editor_ticks(werven, iok):
    offer = Offer.objects.create(
        supporter=iok, title="Was algemeen", slug="was", summary="x", description="x", kind=Offer.Kind.STUDIE
    )
    offer.is_general = True
    offer.set_werven([])
    data = offer_form_data(offer, werven=[werven[3].pk])
    data.pop("is_general")
    form = OfferForm(data, instance=offer)
    assert form.is_valid(), form.errors
    form.save()
    assert offer.served_werf_numbers == [3]


def test_the_rule_itself(werven):
    assert [w.number for w in Offer.werven_to_store(True, [werven[2]])] == [1, 2, 3, 4]
    assert Offer.werven_to_store(False, [werven[2]]) == [werven[2]]
    with pytest.raises(ValidationError) as error:
        Offer.werven_to_store(False, [])
    assert error.value.message_dict["werven"][0].startswith("Kies minstens één werf")


def test_general_offers_are_counted_and_filtered_through_their_werven(werven, iok, make_offer):
    general = make_offer(iok, is_general=True)
    water = make_offer(iok, werven=[werven[4]])
    make_offer(iok, werven=[werven[1]])
    assert set(Offer.objects.serving_werven([4])) == {general, water}
    counted = Werf.objects.annotate(offer_count=Offer.objects.published().count_per_werf())
    counts = dict(counted.values_list("number", "offer_count"))
    assert counts == {1: 2, 2: 1, 3: 1, 4: 2}
