"""Who may see and touch what in the staff admin.

Each test logs in as an explicit user: a redacteur of IOK, a coordinator, an outsider (staff but
no group, no membership) or a beheerder, and tries every admin URL of an object of another
organisation. A refusal is a 403, a 404 or a form error, and the database is unchanged.
"""

import pytest
from admin_forms import (
    REVERT_BUTTON,
    SAVE_BUTTON,
    listed,
    messages_of,
    offer_form_data,
    project_form_data,
    werf_checkbox,
)
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from offers.models import Offer, Project, PublicationStatus
from offers.permissions import COORDINATOR, REDACTEUR


def snapshot(obj):
    """Everything about a row that a refused request must leave alone."""
    obj = type(obj).objects.get(pk=obj.pk)
    return {
        **{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields},
        "werven": sorted(obj.werven.values_list("pk", flat=True)),
        "history": obj.history.count(),
    }


def admin_urls(obj):
    model = obj._meta.model_name
    base = f"/admin/offers/{model}/{obj.pk}"
    version = obj.history.earliest().history_id
    return {
        "change": f"{base}/change/",
        "delete": f"{base}/delete/",
        "history": f"{base}/history/",
        "revert": f"{base}/history/{version}/",
    }


def form_data(obj, **changes):
    return offer_form_data(obj, **changes) if isinstance(obj, Offer) else project_form_data(obj, **changes)


REFUSED = {403, 404}


def index_urls(response):
    """The model lists the admin's index page links to."""
    return {model["admin_url"] for app in response.context["app_list"] for model in app["models"]}


def form_of(response):
    return response.context["adminform"].form


# -- the redacteur of IOK against Interleuven's objects --------------------------------------


@pytest.mark.parametrize("target", ["foreign_offer", "foreign_project"])
def test_redacteur_cannot_reach_another_organisations_object_by_any_admin_url(client, redacteur, target, request):
    obj = request.getfixturevalue(target)
    before = snapshot(obj)
    client.force_login(redacteur)
    urls = admin_urls(obj)
    model = obj._meta.model_name

    changelist = client.get(f"/admin/offers/{model}/")
    assert changelist.status_code == 200
    assert obj not in listed(changelist)
    assertNotContains(changelist, obj.title)

    assert client.get(f"/admin/offers/{model}/{obj.pk}/", follow=True).status_code in REFUSED
    # 404, as for an object that never existed: the answer does not tell that it exists.
    for name in ["change", "delete", "history", "revert"]:
        assert client.get(urls[name]).status_code == 404, name
    tampered = form_data(obj, title="Gekaapt", description="Gekaapt")
    assert client.post(urls["change"], tampered).status_code == 404
    assert client.post(urls["revert"], tampered).status_code == 404
    assert client.post(urls["delete"], {"post": "yes"}).status_code == 404
    action = client.post(f"/admin/offers/{model}/", {"action": "publish", "_selected_action": [obj.pk]})
    assert action.status_code in {200, 302}

    assert snapshot(obj) == before


def test_redacteur_cannot_add_an_offer_for_another_supporter(client, redacteur, iok, interleuven, werven):
    client.force_login(redacteur)
    data = offer_form_data(
        Offer(
            supporter=interleuven,
            title="Ondergeschoven",
            slug="ondergeschoven",
            summary="x",
            description="x",
            kind="begeleiding",
            cost="gratis",
            status="concept",
        )
    )
    response = client.post("/admin/offers/offer/add/", data)
    assert response.status_code == 200
    assert form_of(response).has_error("supporter", "invalid_choice")
    assert not Offer.objects.filter(slug="ondergeschoven").exists()


def test_redacteur_cannot_add_a_project_for_another_supporter(client, redacteur, iok, interleuven, werven):
    client.force_login(redacteur)
    data = project_form_data(
        Project(
            lead_supporter=interleuven,
            title="Ondergeschoven",
            slug="ondergeschoven",
            short_description="x",
            status="concept",
        )
    )
    response = client.post("/admin/offers/project/add/", data)
    assert response.status_code == 200
    assert form_of(response).has_error("lead_supporter", "invalid_choice")
    assert not Project.objects.filter(slug="ondergeschoven").exists()


def test_redacteur_cannot_move_an_own_offer_to_another_supporter(client, redacteur, own_offer, interleuven):
    client.force_login(redacteur)
    before = snapshot(own_offer)
    response = client.post(
        f"/admin/offers/offer/{own_offer.pk}/change/", offer_form_data(own_offer, supporter=interleuven.pk)
    )
    assert response.status_code == 200
    assert form_of(response).has_error("supporter", "invalid_choice")
    assert snapshot(own_offer) == before


def test_redacteur_cannot_see_the_history_of_a_deleted_foreign_offer(client, redacteur, foreign_offer):
    version = foreign_offer.history.earliest().history_id
    pk = foreign_offer.pk
    foreign_offer.delete()
    client.force_login(redacteur)
    assert client.get(f"/admin/offers/offer/{pk}/history/").status_code in REFUSED
    assert client.get(f"/admin/offers/offer/{pk}/history/{version}/").status_code in REFUSED
    assert client.post(f"/admin/offers/offer/{pk}/history/{version}/", {}).status_code in REFUSED
    assert not Offer.objects.filter(pk=pk).exists()


def test_redacteur_cannot_list_or_restore_deleted_offers(client, redacteur, own_offer):
    record_pk = own_offer.pk
    own_offer.delete()
    deleted = Offer.history.get(id=record_pk, history_type="-")
    client.force_login(redacteur)
    assert client.get("/admin/offers/offer/verwijderd/").status_code == 403
    assert client.post(f"/admin/offers/offer/verwijderd/{deleted.history_id}/herstellen/").status_code == 403
    assert not Offer.objects.filter(pk=record_pk).exists()


def test_saving_another_organisations_object_is_refused_on_any_path_past_the_form(redacteur, foreign_offer):
    # The form offers only the user's own supporters; save_model refuses whatever else reaches it.
    request = RequestFactory().post("/")
    request.user = redacteur
    before = snapshot(foreign_offer)
    foreign_offer.title = "Gekaapt"
    with pytest.raises(PermissionDenied):
        admin.site.get_model_admin(Offer).save_model(request, foreign_offer, form=None, change=True)
    assert snapshot(foreign_offer) == before


def test_malformed_ids_in_history_urls_answer_404(client, redacteur, own_offer):
    client.force_login(redacteur)
    assert client.get("/admin/offers/offer/abc/history/").status_code == 404
    assert client.get(f"/admin/offers/offer/{own_offer.pk}/history/abc/").status_code == 404
    assert client.get("/admin/offers/offer/abc/change/").status_code == 404


# -- what the redacteur may do with its own objects ------------------------------------------


def test_redacteur_sees_and_edits_own_offers(client, redacteur, own_offer, foreign_offer):
    client.force_login(redacteur)
    changelist = client.get("/admin/offers/offer/")
    assert listed(changelist) == [own_offer]
    assertNotContains(changelist, foreign_offer.title)
    assertContains(client.get(f"/admin/offers/offer/{own_offer.pk}/change/"), SAVE_BUTTON, html=True)

    response = client.post(
        f"/admin/offers/offer/{own_offer.pk}/change/", offer_form_data(own_offer, title="Warmtemakelaar 2.0")
    )
    assert response.status_code == 302
    own_offer.refresh_from_db()
    assert own_offer.title == "Warmtemakelaar 2.0"

    delete = client.post(f"/admin/offers/offer/{own_offer.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 302
    assert not Offer.objects.filter(pk=own_offer.pk).exists()


def test_supporter_is_set_automatically_for_a_redacteur_of_one_supporter(client, redacteur, iok, werven):
    client.force_login(redacteur)
    form = client.get("/admin/offers/offer/add/").content.decode()
    assertInHTML(f'<input type="hidden" name="supporter" value="{iok.pk}" id="id_supporter">', form)
    assertInHTML('<div class="readonly">IOK</div>', form)

    data = offer_form_data(
        Offer(
            title="Nieuw", slug="nieuw", summary="x", description="y", kind="campagne", cost="gratis", status="concept"
        ),
        supporter=iok.pk,
        werven=[werven[1].pk, werven[4].pk],
    )
    assert client.post("/admin/offers/offer/add/", data).status_code == 302
    offer = Offer.objects.get(slug="nieuw")
    assert offer.supporter == iok
    assert sorted(offer.werven.values_list("number", flat=True)) == [1, 4]


def test_project_lead_supporter_is_set_automatically_too(client, redacteur, iok, werven):
    client.force_login(redacteur)
    form = client.get("/admin/offers/project/add/").content.decode()
    assertInHTML(f'<input type="hidden" name="lead_supporter" value="{iok.pk}" id="id_lead_supporter">', form)
    for werf in werven.values():
        assertInHTML(werf_checkbox(werf, described=False), form)


def test_a_redacteur_of_two_supporters_chooses_between_those_two_only(
    client, make_user, make_supporter, iok, interleuven
):
    limburg = make_supporter("provincie-limburg", name="Provincie Limburg")
    user = make_user("redacteur-twee", REDACTEUR, [iok, limburg])
    client.force_login(user)
    response = client.get("/admin/offers/offer/add/")
    assertContains(
        response,
        '<select name="supporter" data-context="available-source" required id="id_supporter">'
        f'<option value="{iok.pk}">IOK</option><option value="{limburg.pk}">Provincie Limburg</option>'
        "</select>",
        html=True,
    )
    assertNotContains(response, "Interleuven")


def test_duplicate_slug_for_the_own_supporter_is_a_form_error_not_a_crash(client, redacteur, own_offer):
    client.force_login(redacteur)
    data = offer_form_data(
        Offer(
            title="Dubbel",
            slug=own_offer.slug,
            summary="x",
            description="y",
            kind="campagne",
            cost="gratis",
            status="concept",
        ),
        supporter=own_offer.supporter_id,
    )
    response = client.post("/admin/offers/offer/add/", data)
    assert response.status_code == 200
    assert form_of(response).errors[NON_FIELD_ERRORS] == ["Aanbod met deze Ondersteuner en Sleutel bestaat al."]
    assert Offer.objects.filter(slug=own_offer.slug).count() == 1


def test_redacteur_does_not_see_supporters_werven_memberships_or_seed_records(client, redacteur):
    client.force_login(redacteur)
    index = index_urls(client.get("/admin/"))
    assert "/admin/offers/offer/" in index
    for url in [
        "/admin/offers/supporter/",
        "/admin/offers/membership/",
        "/admin/werven/werf/",
        "/admin/seeding/seedrecord/",
        "/admin/auth/user/",
    ]:
        assert url not in index
        assert client.get(url).status_code == 403, url


# -- the coordinator: sees everything, changes nothing ---------------------------------------


@pytest.mark.parametrize("target", ["foreign_offer", "foreign_project"])
def test_coordinator_sees_drafts_but_cannot_change_delete_or_revert(client, coordinator, target, request):
    obj = request.getfixturevalue(target)
    before = snapshot(obj)
    client.force_login(coordinator)
    urls = admin_urls(obj)
    model = obj._meta.model_name

    assert obj in listed(client.get(f"/admin/offers/{model}/"))
    view = client.get(urls["change"])
    assert view.status_code == 200
    assertNotContains(view, SAVE_BUTTON, html=True)
    assert client.get(urls["history"]).status_code == 200
    revert_page = client.get(urls["revert"])
    assert revert_page.context["revert_disabled"]
    assertNotContains(revert_page, REVERT_BUTTON, html=True)

    tampered = form_data(obj, title="Gewijzigd door coördinator")
    assert client.post(urls["change"], tampered).status_code == 403
    assert client.post(urls["revert"], tampered).status_code == 403
    assert client.get(urls["delete"]).status_code == 403
    assert client.post(urls["delete"], {"post": "yes"}).status_code == 403
    assert client.get(f"/admin/offers/{model}/add/").status_code == 403
    assert client.post(f"/admin/offers/{model}/add/", form_data(obj, slug="kopie")).status_code == 403
    client.post(f"/admin/offers/{model}/", {"action": "unpublish", "_selected_action": [obj.pk]})
    client.post(f"/admin/offers/{model}/", {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})

    assert snapshot(obj) == before
    assert not type(obj).objects.filter(slug="kopie").exists()


def test_coordinator_gets_no_publish_or_delete_actions(client, coordinator, foreign_offer):
    client.force_login(coordinator)
    response = client.get("/admin/offers/offer/")
    actions = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert not actions & {"publish", "unpublish", "delete_selected"}
    assert {"export_selection_csv", "export_selection_xlsx"} <= actions


def test_a_coordinator_who_is_also_redacteur_changes_only_own_rows(
    client, make_user, iok, own_offer, foreign_offer, roles
):
    user = make_user("beide", REDACTEUR, [iok])
    user.groups.add(roles[COORDINATOR])
    Offer.objects.filter(pk=own_offer.pk).update(status=PublicationStatus.CONCEPT)
    client.force_login(user)
    assert set(listed(client.get("/admin/offers/offer/"))) == {own_offer, foreign_offer}
    before = snapshot(foreign_offer)
    assert (
        client.post(f"/admin/offers/offer/{foreign_offer.pk}/change/", offer_form_data(foreign_offer)).status_code
        == 403
    )
    response = client.post(
        "/admin/offers/offer/",
        {"action": "publish", "_selected_action": [own_offer.pk, foreign_offer.pk]},
        follow=True,
    )
    assert messages_of(response) == [
        "1 aanbod gepubliceerd.",
        "1 overgeslagen: die horen bij een ondersteuner waarvoor u niet mag wijzigen.",
    ]
    assert snapshot(foreign_offer) == before
    own_offer.refresh_from_db()
    assert own_offer.status == PublicationStatus.PUBLISHED


# -- an outsider and a beheerder -------------------------------------------------------------


def test_outsider_sees_nothing(client, outsider, own_offer, foreign_offer, foreign_project):
    client.force_login(outsider)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert index_urls(index) == set()
    for obj in [own_offer, foreign_offer, foreign_project]:
        model = obj._meta.model_name
        assert client.get(f"/admin/offers/{model}/").status_code == 403
        assert client.get(f"/admin/offers/{model}/add/").status_code == 403
        for url in admin_urls(obj).values():
            assert client.get(url).status_code in REFUSED, url
    assert client.get("/admin/offers/offer/verwijderd/").status_code == 403


def test_a_redacteur_without_membership_sees_no_rows_and_cannot_add(client, make_user, own_offer):
    user = make_user("redacteur-zonder", REDACTEUR)
    client.force_login(user)
    assert listed(client.get("/admin/offers/offer/")) == []
    assert client.get("/admin/offers/offer/add/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client, own_offer):
    response = client.get(f"/admin/offers/offer/{own_offer.pk}/change/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_memberships_and_seed_records_are_for_the_beheerder_only(client, beheerder, coordinator, redacteur):
    client.force_login(coordinator)
    for url in ["/admin/offers/membership/", "/admin/seeding/seedrecord/", "/admin/auth/user/"]:
        assert client.get(url).status_code == 403, url
    client.force_login(beheerder)
    for url in [
        "/admin/offers/membership/",
        "/admin/seeding/seedrecord/",
        "/admin/offers/supporter/",
        "/admin/werven/werf/",
        "/admin/werven/target/",
        "/admin/auth/user/",
    ]:
        assert client.get(url).status_code == 200, url
    assert [m.user for m in listed(client.get("/admin/offers/membership/"))] == [redacteur]
    assert client.get("/admin/seeding/seedrecord/add/").status_code == 403


# -- the admin's "view on site" redirect (admin/r/<type>/<id>/) -----------------------------


def test_scoped_view_on_site_hides_another_organisations_draft(redacteur, own_offer, foreign_offer):
    content_type = ContentType.objects.get_for_model(Offer)
    request = RequestFactory().get("/")
    request.user = redacteur
    with pytest.raises(Http404):
        admin.site.view_on_site(request, content_type.pk, foreign_offer.pk)
    with pytest.raises(Http404):
        admin.site.view_on_site(request, content_type.pk, "geen-nummer")
    response = admin.site.view_on_site(request, content_type.pk, own_offer.pk)
    assert response.status_code == 302 and response["Location"].endswith(own_offer.get_absolute_url())


def test_admin_view_on_site_url_is_scoped(client, redacteur, foreign_offer):
    content_type = ContentType.objects.get_for_model(Offer)
    client.force_login(redacteur)
    assert client.get(f"/admin/r/{content_type.pk}/{foreign_offer.pk}/").status_code == 404
