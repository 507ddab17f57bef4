"""Working in the admin: lists, filters, search, forms and a seed reload after an edit."""

from io import StringIO

import pytest
from admin_forms import SAVE_BUTTON, listed, offer_form_data, werf_checkbox
from django.contrib.admin.templatetags.admin_list import result_headers
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from offers.models import Membership, Offer, PublicationStatus, Supporter
from offers.permissions import REDACTEUR
from werven.models import Target


def test_offer_list_shows_the_agreed_columns_in_a_fixed_number_of_queries(
    client, redacteur, make_offer, iok, werven, django_assert_max_num_queries
):
    for n in range(30):
        make_offer(iok, werven=[werven[1], werven[3]], title=f"Aanbod nummer {n:02}")
    client.force_login(redacteur)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/offers/offer/")
    headers = [str(header["text"]) for header in result_headers(response.context["cl"])][1:]  # after the checkbox
    # What an editor looks for first; no supporter column for an editor of one supporter.
    assert headers == [
        "titel",
        "status",
        "laatst nagekeken",
        "op de site",
        "werven",
        "soort ondersteuning",
    ]
    first = Offer.objects.get(title="Aanbod nummer 00")
    assert len(listed(response)) == 30
    title_cell = f'<th class="field-title"><a href="/admin/offers/offer/{first.pk}/change/">{first.title}</a></th>'
    assertContains(response, title_cell, html=True)
    assertContains(response, '<td class="field-werven_list">1, 3</td>', count=30, html=True)
    site_cell = f'<td class="field-site_link"><a href="{first.get_absolute_url()}">Bekijk op de site</a></td>'
    assertContains(response, site_cell, html=True)


def test_offer_list_links_a_concept_to_its_preview(client, redacteur, make_offer, iok, werven):
    draft = make_offer(iok, werven=[werven[1]], title="Nog in concept", status=PublicationStatus.CONCEPT)
    client.force_login(redacteur)
    response = client.get("/admin/offers/offer/")
    preview = f'<td class="field-site_link"><a href="{draft.get_absolute_url()}">Voorbeeld</a> (concept)</td>'
    assertContains(response, preview, html=True)
    assertNotContains(response, "Bekijk op de site")


def filter_parameters(response):
    """The first query parameter of each filter in the list's sidebar."""
    return [spec.expected_parameters()[0] for spec in response.context["cl"].filter_specs]


def test_filters_for_a_redacteur_and_for_a_coordinator(client, redacteur, coordinator, own_offer, foreign_offer):
    client.force_login(redacteur)
    assert filter_parameters(client.get("/admin/offers/offer/")) == [
        "werven__id__exact",
        "kind__exact",
        "status__exact",
        "cost__exact",
        "looptijd",
        "nagekeken",
    ]

    client.force_login(coordinator)
    assert filter_parameters(client.get("/admin/offers/offer/"))[0] == "supporter__id__exact"


def test_filter_by_werf_and_status(client, redacteur, make_offer, iok, werven):
    water = make_offer(iok, werven=[werven[4]], title="Waterplan")
    bomen = make_offer(iok, werven=[werven[1]], title="Bomenplan", status=PublicationStatus.CONCEPT)
    client.force_login(redacteur)
    assert listed(client.get(f"/admin/offers/offer/?werven__id__exact={werven[4].pk}")) == [water]
    assert listed(client.get("/admin/offers/offer/?status__exact=concept")) == [bomen]


def test_search_finds_title_and_text_without_accents_or_case(client, redacteur, make_offer, iok):
    target = make_offer(iok, title="Renovatiebegeleiding", description="Een coöperatief energieproject.")
    other = make_offer(iok, title="Iets anders", description="Bomen planten.")
    client.force_login(redacteur)
    assert listed(client.get("/admin/offers/offer/", {"q": "COOPERATIEF"})) == [target]
    assert listed(client.get("/admin/offers/offer/", {"q": "renovatiebegeleiding"})) == [target]
    assert other in listed(client.get("/admin/offers/offer/"))


def test_search_never_reaches_another_organisations_offers(client, redacteur, own_offer, foreign_offer):
    client.force_login(redacteur)
    response = client.get("/admin/offers/offer/", {"q": "Interleuven"})
    assert listed(response) == []
    assertNotContains(response, foreign_offer.title)


def test_werven_are_checkboxes_and_status_and_review_date_are_in_the_form(client, redacteur, own_offer, werven):
    client.force_login(redacteur)
    response = client.get(f"/admin/offers/offer/{own_offer.pk}/change/")
    html = response.content.decode()
    for number, werf in werven.items():
        assertInHTML(werf_checkbox(werf, checked=number == 2), html)
    assertInHTML('<label for="id_reviewed_on">Laatst nagekeken op:</label>', html)
    assert {"status", "reviewed_on"} <= set(response.context["adminform"].form.fields)


def test_view_on_site_link_for_published_offers_and_previews_of_concepts(client, redacteur, own_offer, make_offer, iok):
    draft = make_offer(iok, status=PublicationStatus.CONCEPT, title="Nog een concept")
    client.force_login(redacteur)
    for offer in (own_offer, draft):
        response = client.get(f"/admin/offers/offer/{offer.pk}/change/")
        url = offer.get_absolute_url()
        assertContains(response, f'<a href="{url}" class="viewsitelink">Bekijk op de site</a>', html=True)


def test_the_admin_speaks_dutch(client, redacteur, own_offer):
    client.force_login(redacteur)
    response = client.get(f"/admin/offers/offer/{own_offer.pk}/change/")
    assertContains(response, SAVE_BUTTON, html=True)
    history_link = f'<a href="/admin/offers/offer/{own_offer.pk}/history/" class="historylink">Geschiedenis</a>'
    assertContains(response, history_link, html=True)
    history = client.get(f"/admin/offers/offer/{own_offer.pk}/history/")
    intro = "<p>Kies hieronder een moment om die versie te bekijken en eventueel terug te zetten.</p>"
    assertContains(history, intro, html=True)
    assertContains(history, '<th scope="col">Datum en tijd</th>', html=True)
    for english in ["Change history", "Changed by", "Date/time", "Revert"]:
        assertNotContains(history, english)


def test_target_admin_has_variant_of_and_the_supporter_admin_ticks_stated_targets(
    client, beheerder, werven, iok, interleuven
):
    base = Target.objects.create(werf=werven[3], slug="laadpunten", text="Laadpunten per inwoner.")
    client.force_login(beheerder)
    target_form = client.get("/admin/werven/target/add/").context["adminform"].form
    assert "variant_of" in target_form.fields and base in target_form.fields["variant_of"].queryset
    assert "stated_by" not in target_form.fields  # the werven layer knows nothing of supporters

    supporter_form = client.get(f"/admin/offers/supporter/{iok.pk}/change/").context["adminform"].form
    assert list(supporter_form.fields["targets"].queryset) == [base]
    assert supporter_form.fields["targets"].widget.widget.input_type == "checkbox"
    data = {
        **{name: getattr(iok, name) for name in ["name", "slug", "kind", "short_explanation", "region"]},
        **{name: "" for name in ["website", "contact_person", "phone", "email"]},
        "targets": [base.pk],
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/offers/supporter/{iok.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(base.stated_by.all()) == [iok]
    assert client.get("/admin/werven/target/").status_code == 200
    assert client.get("/admin/werven/werf/").status_code == 200
    assert client.get(f"/admin/werven/werf/{werven[1].pk}/change/").status_code == 200


def inline_objects(response, prefix):
    """The (user, supporter) of each saved membership in the page's inline with this prefix."""
    (inline,) = [inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == prefix]
    return [(form.instance.user, form.instance.supporter) for form in inline.formset.initial_forms]


def test_beheerder_manages_supporters_and_memberships(client, beheerder, redacteur, iok):
    client.force_login(beheerder)
    assert listed(client.get("/admin/offers/supporter/")) == [iok]
    page = client.get(f"/admin/offers/supporter/{iok.pk}/change/")
    assert inline_objects(page, "memberships") == [(redacteur, iok)]
    user_page = client.get(f"/admin/auth/user/{redacteur.pk}/change/")
    assert inline_objects(user_page, "memberships") == [(redacteur, iok)]


# -- seed data and the admin -----------------------------------------------------------------


@pytest.fixture
def seeded(db):
    call_command("load_seed", stdout=StringIO())


def test_seed_reload_after_an_admin_edit_keeps_the_edit(client, seeded, make_user):
    iok = Supporter.objects.get(slug="iok")
    user = make_user("redacteur-iok-seed", REDACTEUR, [iok])
    offer = Offer.objects.filter(supporter=iok).order_by("pk").first()
    client.force_login(user)
    response = client.post(
        f"/admin/offers/offer/{offer.pk}/change/",
        offer_form_data(offer, title="Door IOK aangepast", description="Nieuwe tekst van IOK."),
    )
    assert response.status_code == 302
    count = Offer.objects.count()

    call_command("load_seed", stdout=StringIO())

    offer.refresh_from_db()
    assert offer.title == "Door IOK aangepast"
    assert offer.description == "Nieuwe tekst van IOK."
    assert Offer.objects.count() == count


def test_seeded_offer_list_for_the_iok_redacteur_shows_only_iok(client, seeded, make_user):
    iok = Supporter.objects.get(slug="iok")
    user = make_user("redacteur-iok-lijst", REDACTEUR, [iok])
    Membership.objects.get(user=user)
    client.force_login(user)
    response = client.get("/admin/offers/offer/?all=")
    assert response.context["cl"].result_count == Offer.objects.filter(supporter=iok).count() > 0
    assert {offer.supporter for offer in listed(response)} == {iok}
    assert Offer.objects.exclude(supporter=iok).exists()
