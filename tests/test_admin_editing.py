"""Working in the admin: lists, filters, search, forms and a seed reload after an edit."""

import re
from io import StringIO

import pytest
from admin_forms import offer_form_data
from django.core.management import call_command

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
    html = response.content.decode()
    for header in ["Titel", "Ondersteuner", "Werven", "Soort ondersteuning", "Status", "Laatst bijgewerkt"]:
        assert header in html, header
    assert "Aanbod nummer 00" in html and "1, 3" in html
    published = Offer.objects.get(title="Aanbod nummer 00")
    assert f'<a href="{published.get_absolute_url()}">Bekijk op de site</a>' in html


def test_offer_list_links_only_published_offers_to_the_site(client, redacteur, make_offer, iok, werven):
    make_offer(iok, werven=[werven[1]], title="Nog in concept", status=PublicationStatus.CONCEPT)
    client.force_login(redacteur)
    html = client.get("/admin/offers/offer/").content.decode()
    assert "– (concept)" in html and "Bekijk op de site" not in html


def test_filters_for_a_redacteur_and_for_a_coordinator(client, redacteur, coordinator, own_offer, foreign_offer):
    client.force_login(redacteur)
    html = client.get("/admin/offers/offer/").content.decode()
    for parameter in ["werven__id__exact", "kind__exact", "status__exact", "cost__exact", "nagekeken"]:
        assert parameter in html, parameter
    assert "supporter__id__exact" not in html

    client.force_login(coordinator)
    assert "supporter__id__exact" in client.get("/admin/offers/offer/").content.decode()


def test_filter_by_werf_and_status(client, redacteur, make_offer, iok, werven):
    water = make_offer(iok, werven=[werven[4]], title="Waterplan")
    bomen = make_offer(iok, werven=[werven[1]], title="Bomenplan", status=PublicationStatus.CONCEPT)
    client.force_login(redacteur)
    html = client.get(f"/admin/offers/offer/?werven__id__exact={werven[4].pk}").content.decode()
    assert water.title in html and bomen.title not in html
    html = client.get("/admin/offers/offer/?status__exact=concept").content.decode()
    assert bomen.title in html and water.title not in html


def test_search_finds_title_and_text_without_accents_or_case(client, redacteur, make_offer, iok):
    target = make_offer(iok, title="Renovatiebegeleiding", description="Een coöperatief energieproject.")
    other = make_offer(iok, title="Iets anders", description="Bomen planten.")
    client.force_login(redacteur)
    html = client.get("/admin/offers/offer/", {"q": "COOPERATIEF"}).content.decode()
    assert target.title in html and other.title not in html
    html = client.get("/admin/offers/offer/", {"q": "renovatiebegeleiding"}).content.decode()
    assert target.title in html and other.title not in html


def test_search_never_reaches_another_organisations_offers(client, redacteur, own_offer, foreign_offer):
    client.force_login(redacteur)
    html = client.get("/admin/offers/offer/", {"q": "Interleuven"}).content.decode()
    assert foreign_offer.title not in html


def test_werven_are_checkboxes_and_status_and_review_date_are_in_the_form(client, redacteur, own_offer, werven):
    client.force_login(redacteur)
    html = client.get(f"/admin/offers/offer/{own_offer.pk}/change/").content.decode()
    checkboxes = re.findall(r'<input type="checkbox" name="werven" value="(\d+)"[^>]*>', html)
    assert sorted(map(int, checkboxes)) == sorted(w.pk for w in werven.values())
    assert re.search(rf'<input type="checkbox" name="werven" value="{werven[2].pk}"[^>]*checked', html)
    assert "Laatst nagekeken op" in html and 'name="status"' in html


def test_view_on_site_link_only_for_published_offers(client, redacteur, own_offer, make_offer, iok):
    draft = make_offer(iok, status=PublicationStatus.CONCEPT, title="Nog een concept")
    client.force_login(redacteur)
    html = client.get(f"/admin/offers/offer/{own_offer.pk}/change/").content.decode()
    assert f'href="{own_offer.get_absolute_url()}" class="viewsitelink">Bekijk op de site' in html
    html = client.get(f"/admin/offers/offer/{draft.pk}/change/").content.decode()
    assert "Bekijk op de site" not in html


def test_the_admin_speaks_dutch(client, redacteur, own_offer):
    client.force_login(redacteur)
    html = client.get(f"/admin/offers/offer/{own_offer.pk}/change/").content.decode()
    assert "Opslaan" in html and "Geschiedenis" in html
    history = client.get(f"/admin/offers/offer/{own_offer.pk}/history/").content.decode()
    for english in ["Change history", "Changed by", "Date/time", "Revert"]:
        assert english not in history


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


def test_beheerder_manages_supporters_and_memberships(client, beheerder, redacteur, iok):
    client.force_login(beheerder)
    assert "IOK" in client.get("/admin/offers/supporter/").content.decode()
    page = client.get(f"/admin/offers/supporter/{iok.pk}/change/").content.decode()
    assert "redacteur-iok" in page  # the membership inline
    user_page = client.get(f"/admin/auth/user/{redacteur.pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" in user_page


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
    html = response.content.decode()
    assert response.context["cl"].result_count == Offer.objects.filter(supporter=iok).count() > 0
    for title in Offer.objects.exclude(supporter=iok).values_list("title", flat=True):
        assert f">{title}<" not in html
