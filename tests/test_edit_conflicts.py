"""Edit conflicts in the admin: of two staff who opened the same form, the second save is refused
with what the first one changed; nothing is overwritten and the second one's input stays."""

import copy
import threading

import pytest
from admin_forms import offer_form_data, opened_now, project_form_data
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection, transaction
from django.test import Client
from markup import attribute, find, find_all, page

from offers.admin_mixins import VERSION_FIELD
from offers.models import Offer
from offers.permissions import REDACTEUR


@pytest.fixture
def colleagues(make_user, iok):
    """Two redacteurs of IOK, each logged in on their own client."""
    clients = []
    for username, first, last in [("anna", "Anna", "Peeters"), ("bart", "Bart", "Janssens")]:
        user = make_user(username, REDACTEUR, [iok], first_name=first, last_name=last)
        client = Client()
        client.force_login(user)
        clients.append((user, client))
    return clients


def opened_version(client, url):
    """Open the change form as a person would and read the version it carries."""
    return form_version(page(client.get(url)))


def form_version(document):
    """The version in the change form itself (the "Vandaag nagekeken" button carries one too)."""
    (form,) = [form for form in find_all(document, "form") if (attribute(form, "id") or "").endswith("_form")]
    return attribute(find(form, "input", name=VERSION_FIELD), "value")


def errors(response):
    return response.context["adminform"].form.errors


def test_second_of_two_saves_is_refused_and_names_the_first_change(colleagues, own_offer):
    (anna, a), (bart, b) = colleagues
    url = f"/admin/offers/offer/{own_offer.pk}/change/"
    seen_by_bart = copy.copy(own_offer)
    a_version, b_version = opened_version(a, url), opened_version(b, url)
    assert a_version == b_version == str(own_offer.history.latest().history_id)
    history_before = own_offer.history.count()

    saved = a.post(url, offer_form_data(own_offer, title="Warmtemakelaar Kempen+", **{VERSION_FIELD: a_version}))
    assert saved.status_code == 302
    refused = b.post(url, offer_form_data(seen_by_bart, description="Bart zijn tekst.", **{VERSION_FIELD: b_version}))

    assert refused.status_code == 200
    summary = errors(refused)[NON_FIELD_ERRORS]
    assert summary[0].startswith("Niet opgeslagen: iemand anders sloeg dit aanbod op nadat u het opende")
    assert "Anna Peeters op " in summary[1]
    assert "titel: “Warmtemakelaar Kempen” → “Warmtemakelaar Kempen+”" in summary[1]
    assert errors(refused)["title"][0].startswith("Intussen gewijzigd door Anna Peeters op ")
    own_offer.refresh_from_db()
    assert (own_offer.title, own_offer.description) == ("Warmtemakelaar Kempen+", seen_by_bart.description)
    assert own_offer.history.count() == history_before + 1
    assert own_offer.history.latest().history_user == anna

    # Bart's input is still in the form, which now carries the version he was shown.
    form = refused.context["adminform"].form
    assert form["description"].value() == "Bart zijn tekst."
    new_version = form_version(page(refused))
    assert new_version == str(own_offer.history.latest().history_id)
    redone = b.post(
        url,
        offer_form_data(own_offer, description="Bart zijn tekst.", **{VERSION_FIELD: new_version}),
    )
    assert redone.status_code == 302
    own_offer.refresh_from_db()
    assert (own_offer.title, own_offer.description) == ("Warmtemakelaar Kempen+", "Bart zijn tekst.")


def test_werven_and_choices_are_named_as_staff_know_them(colleagues, own_offer, werven):
    (_, a), (_, b) = colleagues
    url = f"/admin/offers/offer/{own_offer.pk}/change/"
    version = opened_version(b, url)
    a.post(url, offer_form_data(own_offer, werven=[werven[2].pk, werven[4].pk], kind=Offer.Kind.SUBSIDIE))
    refused = b.post(url, offer_form_data(own_offer, **{VERSION_FIELD: version}))
    change = errors(refused)[NON_FIELD_ERRORS][1]
    assert f"werven: {werven[2]} → {werven[2]}, {werven[4]}" in change
    assert f"soort ondersteuning: {Offer.Kind.BEGELEIDING.label} → {Offer.Kind.SUBSIDIE.label}" in change


def test_a_single_save_still_works(client, redacteur, own_offer):
    client.force_login(redacteur)
    url = f"/admin/offers/offer/{own_offer.pk}/change/"
    version = opened_version(client, url)
    response = client.post(url, offer_form_data(own_offer, title="Nieuw", **{VERSION_FIELD: version}))
    assert response.status_code == 302
    own_offer.refresh_from_db()
    assert own_offer.title == "Nieuw"


@pytest.mark.parametrize("version", [None, "", "abc", "12abc", "99999999999999999999", "٣", "-1", "foreign"])
def test_a_missing_or_tampered_version_is_refused(client, redacteur, own_offer, foreign_offer, version):
    client.force_login(redacteur)
    data = offer_form_data(own_offer, title="Stiekem")
    if version is None:
        del data[VERSION_FIELD]
    else:
        # Another organisation's history row: refused without a word about that draft.
        data[VERSION_FIELD] = foreign_offer.history.latest().history_id if version == "foreign" else version
    history_before = own_offer.history.count()
    response = client.post(f"/admin/offers/offer/{own_offer.pk}/change/", data)
    assert response.status_code == 200
    assert errors(response)[NON_FIELD_ERRORS] == [
        "Niet opgeslagen: dit formulier zegt niet welke versie u opende. Open het opnieuw "
        "(kopieer eerst wat u wilt bewaren) en sla dan op."
    ]
    assert "Geheim concept" not in response.content.decode()
    own_offer.refresh_from_db()
    assert own_offer.title == "Warmtemakelaar Kempen"
    assert own_offer.history.count() == history_before


def test_a_redacteur_of_another_organisation_learns_nothing(make_user, interleuven, own_offer):
    outsider = Client()
    outsider.force_login(make_user("redacteur-interleuven", REDACTEUR, [interleuven]))
    url = f"/admin/offers/offer/{own_offer.pk}/change/"
    assert outsider.get(url).status_code == 404
    stale = offer_form_data(own_offer, title="Gekaapt", **{VERSION_FIELD: 1})
    response = outsider.post(url, stale)
    assert response.status_code == 404
    assert "Warmtemakelaar" not in response.content.decode()


def test_project_conflict(colleagues, make_project, iok, werven):
    (_, a), (_, b) = colleagues
    project = make_project(iok, werven=[werven[1]], title="Warmtenet Geel", slug="warmtenet-geel")
    url = f"/admin/offers/project/{project.pk}/change/"
    version = opened_version(b, url)
    assert a.post(url, project_form_data(project, municipality="Geel")).status_code == 302
    refused = b.post(url, project_form_data(project, pitfalls="Te laat begonnen.", **{VERSION_FIELD: version}))
    assert "gemeente: leeg → “Geel”" in errors(refused)[NON_FIELD_ERRORS][1]
    project.refresh_from_db()
    assert (project.municipality, project.pitfalls) == ("Geel", "")


def municipality_data(municipality, **changes):
    data = {
        "nis_code": municipality.nis_code,
        "name": municipality.name,
        "province": municipality.province,
        "arrondissement": municipality.arrondissement,
        "inhabitants": municipality.inhabitants,
        "inhabitants_on": municipality.inhabitants_on.isoformat(),
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("former_municipalities", "services", "outline")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    return {**opened_now(municipality, data), **changes}


def test_municipality_conflict(make_user, leuven):
    first, second = Client(), Client()
    first.force_login(make_user("beheerder-1", is_superuser=True))
    second.force_login(make_user("beheerder-2", is_superuser=True))
    url = f"/admin/gemeenten/municipality/{leuven.pk}/change/"
    version = opened_version(second, url)
    assert first.post(url, municipality_data(leuven, inhabitants="104000")).status_code == 302
    refused = second.post(url, municipality_data(leuven, arrondissement="Brussel", **{VERSION_FIELD: version}))
    assert refused.status_code == 200
    assert "beheerder-1 op " in errors(refused)[NON_FIELD_ERRORS][1]
    assert "inwoners: 102.275 → 104.000" in errors(refused)[NON_FIELD_ERRORS][1]
    leuven.refresh_from_db()
    assert (leuven.inhabitants, leuven.arrondissement) == (104000, "Leuven")
    assert leuven.history.count() == 2


def test_reverting_to_an_old_version_also_checks(colleagues, own_offer):
    (_, a), (_, b) = colleagues
    first = own_offer.history.earliest()
    a.post(f"/admin/offers/offer/{own_offer.pk}/change/", offer_form_data(own_offer, title="Tussenversie"))
    revert_url = f"/admin/offers/offer/{own_offer.pk}/history/{first.history_id}/"
    version = opened_version(b, revert_url)
    a.post(f"/admin/offers/offer/{own_offer.pk}/change/", offer_form_data(own_offer, title="Laatste versie"))
    refused = b.post(revert_url, offer_form_data(first.instance, **{VERSION_FIELD: version}))
    assert refused.status_code == 200
    assert "“Tussenversie” → “Laatste versie”" in errors(refused)[NON_FIELD_ERRORS][1]
    own_offer.refresh_from_db()
    assert own_offer.title == "Laatste versie"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: SQLite locks the whole database instead")
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_wait_for_the_row_lock(colleagues, own_offer):
    """A's save holds the row lock and has written its history row but not committed; B's save,
    opened on the same version, must wait for it and then be refused (without the lock B would
    read the old version and both would pass)."""

    (anna, _), (_, b) = colleagues
    url = f"/admin/offers/offer/{own_offer.pk}/change/"
    version = opened_version(b, url)
    locked, release = threading.Event(), threading.Event()

    def first_save():
        with transaction.atomic():
            offer = Offer.objects.select_for_update().get(pk=own_offer.pk)
            offer.title = "Eerst opgeslagen"
            offer._history_user = anna
            offer.save()
            locked.set()
            release.wait(10)
        connection.close()

    result = {}

    def second_save():
        result["response"] = b.post(url, offer_form_data(own_offer, summary="Tweede.", **{VERSION_FIELD: version}))
        connection.close()

    first = threading.Thread(target=first_save)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=second_save)
    second.start()
    second.join(1.5)
    assert second.is_alive(), "the second save did not wait for the first one's lock"
    release.set()
    first.join(10)
    second.join(10)
    assert result["response"].status_code == 200
    assert "“Warmtemakelaar Kempen” → “Eerst opgeslagen”" in errors(result["response"])[NON_FIELD_ERRORS][1]
    own_offer.refresh_from_db()
    assert (own_offer.title, own_offer.summary) == ("Eerst opgeslagen", "Samenvatting van aanbod 1.")


def test_a_view_only_form_shows_no_version(client, coordinator, own_offer):
    client.force_login(coordinator)
    response = client.get(f"/admin/offers/offer/{own_offer.pk}/change/")
    document = page(response)
    assert not find_all(document, class_=f"field-{VERSION_FIELD}")
    assert not find_all(document, "input", name=VERSION_FIELD)
