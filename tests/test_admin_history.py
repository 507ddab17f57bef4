"""History in the admin: who changed what, reverting to an earlier version, restoring a deleted offer."""

import datetime

from admin_forms import REVERT_BUTTON, listed, messages_of, offer_form_data, ticked_werven, werf_checkbox
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from offers.models import Offer, PublicationStatus
from offers.permissions import REDACTEUR


def edit(client, offer, **changes):
    response = client.post(f"/admin/offers/offer/{offer.pk}/change/", offer_form_data(offer, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    offer.refresh_from_db()
    return offer


def test_history_records_user_time_and_changed_fields(client, redacteur, own_offer):
    client.force_login(redacteur)
    before = own_offer.history.latest()
    started = timezone.now()
    edit(client, own_offer, title="Warmtemakelaar Kempen 2.0", description="Nieuwe beschrijving.")

    after = own_offer.history.latest()
    assert after.history_user == redacteur
    assert started <= after.history_date <= timezone.now()
    delta = after.diff_against(before)
    changes = {change.field: (change.old, change.new) for change in delta.changes}
    assert changes["title"] == ("Warmtemakelaar Kempen", "Warmtemakelaar Kempen 2.0")
    assert changes["description"] == (before.description, "Nieuwe beschrijving.")
    assert "summary" not in changes

    page = client.get(f"/admin/offers/offer/{own_offer.pk}/history/")
    assert page.context["title"] == "Geschiedenis van Warmtemakelaar Kempen 2.0"
    assertContains(page, '<td data-label="Door">redacteur-iok</td>', html=True)
    arrow = '<span aria-hidden="true">&rarr;</span><span class="history-said"> werd </span>'
    title = (
        f'<li><strong>Titel:</strong> <span class="history-old">Warmtemakelaar Kempen</span> {arrow} '
        '<span class="history-new">Warmtemakelaar Kempen<ins> 2.0</ins></span></li>'
    )
    assertContains(page, title, html=True)
    description = (
        f'<li><strong>Volledige beschrijving:</strong> <span class="history-old"><del>Beschrijving</del> '
        f'<del>van aanbod 1.</del></span> {arrow} <span class="history-new"><ins>Nieuwe</ins> <ins>beschrijving.</ins>'
        "</span></li>"
    )
    assert before.description == "Beschrijving van aanbod 1."
    assertContains(page, description, html=True)
    assertContains(page, '<td data-label="Handeling">gewijzigd</td>', html=True)


def test_revert_restores_the_earlier_text(client, redacteur, own_offer):
    client.force_login(redacteur)
    original_description = own_offer.description
    version = own_offer.history.latest()
    edit(client, own_offer, description="Een vergissing.")

    url = f"/admin/offers/offer/{own_offer.pk}/history/{version.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["adminform"].form.initial["description"] == original_description
    assertContains(page, REVERT_BUTTON, count=2, html=True)  # above and below the form

    response = client.post(url, offer_form_data(version.instance, werven=[w.pk for w in own_offer.werven.all()]))
    assert response.status_code == 302
    own_offer.refresh_from_db()
    assert own_offer.description == original_description
    latest = own_offer.history.latest()
    assert latest.history_user == redacteur and latest.description == original_description
    assert own_offer.history.filter(description="Een vergissing.").exists()  # the mistake stays on record


def test_publish_and_unpublish_actions_change_status_and_are_recorded(client, redacteur, own_offer, foreign_offer):
    Offer.objects.filter(pk=own_offer.pk).update(status=PublicationStatus.CONCEPT)
    client.force_login(redacteur)
    response = client.post(
        "/admin/offers/offer/",
        {"action": "publish", "_selected_action": [own_offer.pk, foreign_offer.pk]},
        follow=True,
    )
    assert messages_of(response) == ["1 aanbod gepubliceerd."]
    own_offer.refresh_from_db()
    foreign_offer.refresh_from_db()
    assert own_offer.status == PublicationStatus.PUBLISHED
    assert foreign_offer.status == PublicationStatus.CONCEPT  # not in the redacteur's rows at all
    assert own_offer.history.latest().history_user == redacteur

    public = client.get(own_offer.get_absolute_url())
    assert public.status_code == 200

    client.post("/admin/offers/offer/", {"action": "unpublish", "_selected_action": [own_offer.pk]})
    own_offer.refresh_from_db()
    assert own_offer.status == PublicationStatus.CONCEPT
    assert client.get(own_offer.get_absolute_url()).status_code == 200  # a preview for its editor
    client.logout()
    assert client.get(own_offer.get_absolute_url()).status_code == 404


def test_coordinator_restores_a_deleted_offer_with_its_werven(client, redacteur, coordinator, own_offer, werven):
    pk, werf_numbers = own_offer.pk, sorted(own_offer.werven.values_list("number", flat=True))
    created_at = own_offer.created_at
    client.force_login(redacteur)
    assert client.post(f"/admin/offers/offer/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Offer.objects.filter(pk=pk).exists()

    client.force_login(coordinator)
    listing = client.get("/admin/offers/offer/verwijderd/")
    assert listing.status_code == 200
    assert [(record.id, record.title) for record in listing.context["records"]] == [(pk, "Warmtemakelaar Kempen")]
    assertContains(listing, "<td>redacteur-iok</td>", html=True)
    assertContains(
        client.get("/admin/offers/offer/"),
        '<a href="/admin/offers/offer/verwijderd/" class="historylink">Verwijderd – herstellen</a>',
        html=True,
    )

    deleted = Offer.history.get(id=pk, history_type="-")
    assert client.get(f"/admin/offers/offer/verwijderd/{deleted.history_id}/herstellen/").status_code == 405
    response = client.post(f"/admin/offers/offer/verwijderd/{deleted.history_id}/herstellen/")
    assert response.status_code == 302
    restored = Offer.objects.get(pk=pk)
    assert restored.title == "Warmtemakelaar Kempen"
    assert sorted(restored.werven.values_list("number", flat=True)) == werf_numbers
    assert restored.created_at == created_at
    assert list(Offer.objects.search("Warmtemakelaar")) == [restored]  # back in the search index
    assert restored.history.latest().history_user == coordinator
    assert response["Location"] == f"/admin/offers/offer/{pk}/change/"
    changed = client.get(response["Location"])
    assert changed.status_code == 200
    assert messages_of(changed) == ["“Warmtemakelaar Kempen” is hersteld met zijn laatste versie."]
    listing = client.get("/admin/offers/offer/verwijderd/")
    assert list(listing.context["records"]) == []
    assertContains(listing, "<p>Er is niets verwijderd dat u kunt herstellen.</p>", html=True)

    # The coordinator still changes nothing of the restored offer.
    assert client.post(f"/admin/offers/offer/{pk}/change/", offer_form_data(restored, title="x")).status_code == 403


def test_restoring_when_the_slug_was_taken_again_gives_a_message_not_a_crash(
    client, beheerder, own_offer, make_offer, iok
):
    pk = own_offer.pk
    own_offer.delete()
    make_offer(iok, slug=own_offer.slug, title="Opvolger")
    deleted = Offer.history.get(id=pk, history_type="-")
    client.force_login(beheerder)
    response = client.post(f"/admin/offers/offer/verwijderd/{deleted.history_id}/herstellen/", follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [
        f"“{deleted}” kon niet hersteld worden: er bestaat intussen al een aanbod met dezelfde sleutel "
        "(warmtemakelaar)."
    ]
    assert not Offer.objects.filter(pk=pk).exists()


def test_restoring_an_offer_that_is_back_or_whose_supporter_is_gone_gives_a_message(
    client, beheerder, own_offer, make_offer, make_supporter
):
    gone = make_supporter("opgeheven", name="Opgeheven")
    orphan = make_offer(gone, title="Wees")
    records = {}
    for offer in (own_offer, orphan):
        pk = offer.pk
        offer.delete()
        records[pk] = Offer.history.get(id=pk, history_type="-")
    gone.delete()
    back, orphaned = records.values()
    client.force_login(beheerder)
    client.post(f"/admin/offers/offer/verwijderd/{back.history_id}/herstellen/", follow=True)

    again = client.post(f"/admin/offers/offer/verwijderd/{back.history_id}/herstellen/")
    assert again["Location"] == "/admin/offers/offer/verwijderd/"
    assert messages_of(client.get(again["Location"])) == [f"“{back}” bestaat al; er is niets hersteld."]
    response = client.post(f"/admin/offers/offer/verwijderd/{orphaned.history_id}/herstellen/", follow=True)
    assert messages_of(response) == ["De ondersteuner van dit object bestaat niet meer."]
    assert not Offer.objects.filter(pk=orphaned.id).exists()


def test_deleted_list_and_restore_stay_within_the_users_supporters(client, make_user, iok, own_offer, foreign_offer):
    user = make_user("redacteur-herstelt", REDACTEUR, [iok])
    user.user_permissions.add(Permission.objects.get(codename="restore_offer"))
    own_pk, foreign_pk = own_offer.pk, foreign_offer.pk
    own_offer.delete()
    foreign_offer.delete()
    own, foreign = (Offer.history.get(id=pk, history_type="-") for pk in (own_pk, foreign_pk))
    client.force_login(user)

    listing = client.get("/admin/offers/offer/verwijderd/")
    assert [record.history_id for record in listing.context["records"]] == [own.history_id]
    assertNotContains(listing, "Geheim concept Interleuven")
    assert client.post(f"/admin/offers/offer/verwijderd/{foreign.history_id}/herstellen/").status_code == 404
    assert not Offer.objects.filter(pk=foreign_pk).exists()
    assert client.post(f"/admin/offers/offer/verwijderd/{own.history_id}/herstellen/").status_code == 302
    assert Offer.objects.filter(pk=own_pk).exists()


def test_history_of_a_deleted_own_offer_is_visible_but_cannot_be_reverted(client, redacteur, own_offer):
    pk = own_offer.pk
    version = own_offer.history.earliest().history_id
    data = offer_form_data(own_offer)
    own_offer.delete()
    client.force_login(redacteur)
    assert client.get(f"/admin/offers/offer/{pk}/history/").status_code == 200
    page = client.get(f"/admin/offers/offer/{pk}/history/{version}/")
    assert page.status_code == 200 and page.context["revert_disabled"]
    assertNotContains(page, REVERT_BUTTON, html=True)
    assert client.post(f"/admin/offers/offer/{pk}/history/{version}/", data).status_code == 403
    assert not Offer.objects.filter(pk=pk).exists()


def test_reviewed_filter_finds_offers_never_or_long_ago_reviewed(client, redacteur, make_offer, iok):
    today = timezone.localdate()
    never = make_offer(iok, title="Nooit nagekeken")
    # Never reviewed counts from the day it was added.
    Offer.objects.filter(pk=never.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    new = make_offer(iok, title="Pas toegevoegd")
    old = make_offer(iok, title="Lang geleden nagekeken", reviewed_on=today - datetime.timedelta(days=400))
    fresh = make_offer(iok, title="Pas nagekeken", reviewed_on=today - datetime.timedelta(days=30))
    soon = make_offer(iok, title="Bijna", reviewed_on=today - datetime.timedelta(days=350))
    client.force_login(redacteur)
    assert set(listed(client.get("/admin/offers/offer/?nagekeken=verouderd"))) == {never, old}
    assert listed(client.get("/admin/offers/offer/?nagekeken=binnenkort")) == [soon]
    assert set(listed(client.get("/admin/offers/offer/?nagekeken=recent"))) == {new, fresh, soon}


def test_odd_ids_in_history_and_view_on_site_urls_are_404(client, redacteur, own_offer):
    client.force_login(redacteur)
    offer_type = ContentType.objects.get_for_model(Offer).pk
    huge = "9" * 5000
    for url in [
        "/admin/offers/offer/²/history/",
        f"/admin/offers/offer/{own_offer.pk}/history/²/",
        f"/admin/offers/offer/{huge}/history/",
        f"/admin/offers/offer/{own_offer.pk}/history/{huge}/",
        "/admin/offers/project/²/history/",
        f"/admin/r/{offer_type}/²/",
        f"/admin/r/{offer_type}/{huge}/",
        f"/admin/r/{offer_type}/99999999999999999999/",
    ]:
        assert client.get(url).status_code == 404, url


def test_one_save_that_changes_werven_writes_one_history_row_with_the_new_werven(client, redacteur, own_offer, werven):
    client.force_login(redacteur)
    rows_before = own_offer.history.count()
    edit(client, own_offer, title="Warmtemakelaar 2.0", werven=[werven[1].pk, werven[4].pk])

    assert own_offer.history.count() == rows_before + 1
    latest = own_offer.history.latest()
    assert latest.title == "Warmtemakelaar 2.0" and latest.history_user == redacteur
    assert sorted(row.werf.number for row in latest.werven.all()) == [1, 4]


def test_adding_an_offer_writes_one_history_row_with_its_werven(client, redacteur, iok, werven):
    client.force_login(redacteur)
    data = offer_form_data(
        Offer(supporter=iok, title="Nieuw aanbod", slug="nieuw", summary="Kort.", description="Lang.", kind="campagne"),
        werven=[werven[3].pk],
    )
    response = client.post("/admin/offers/offer/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get(slug="nieuw")
    (row,) = offer.history.all()
    assert row.history_type == "+" and [r.werf.number for r in row.werven.all()] == [3]


def test_reverting_brings_back_the_werven_of_that_version(client, redacteur, own_offer, werven):
    client.force_login(redacteur)
    version = own_offer.history.latest()  # werf 2
    edit(client, own_offer, description="Verkeerde werf.", werven=[werven[1].pk])

    url = f"/admin/offers/offer/{own_offer.pk}/history/{version.history_id}/"
    page = client.get(url)
    assert ticked_werven(page) == [werven[2].pk]
    assertContains(page, werf_checkbox(werven[2], checked=True, disabled=True), html=True)
    assertContains(page, werf_checkbox(werven[1], disabled=True), html=True)

    response = client.post(url, offer_form_data(version.instance, werven=[werven[2].pk]))
    assert response.status_code == 302
    assert [w.number for w in own_offer.werven.all()] == [2]
    latest = own_offer.history.latest()
    assert [r.werf.number for r in latest.werven.all()] == [2] and latest.description == version.description


def test_a_version_without_werven_keeps_the_current_werven_on_the_revert_page(client, redacteur, own_offer, werven):
    # own_offer is made like a shell script would: its first row was written before its werven.
    first = own_offer.history.earliest()
    assert not first.werven.exists()
    client.force_login(redacteur)
    page = client.get(f"/admin/offers/offer/{own_offer.pk}/history/{first.history_id}/")
    assert ticked_werven(page) == [werven[2].pk]
    assertContains(
        page,
        '<div class="help"><div>Deze versie bewaarde geen werven; de huidige werven blijven aangevinkt.</div></div>',
        html=True,
    )
