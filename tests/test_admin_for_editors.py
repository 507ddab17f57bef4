"""The admin as an editor uses it: saving says where the offer stands, a concept can be previewed,
the list fits, the form speaks plainly, the history marks what changed (issue 16)."""

import datetime
import re

import pytest
from admin_forms import listed, messages_of, offer_form_data
from markup import attribute, find, find_all, page, text
from pytest_django.asserts import assertContains, assertNotContains

from offers.admin_mixins import marked_words
from offers.models import Offer, PublicationStatus
from offers.permissions import REDACTEUR

# --- after saving: public or concept, in correct Dutch ------------------------------------------


def save(client, offer, **changes):
    response = client.post(f"/admin/offers/offer/{offer.pk}/change/", offer_form_data(offer, **changes), follow=True)
    assert response.status_code == 200
    return messages_of(response)


def test_saving_a_published_offer_says_it_is_on_the_site(client, redacteur, own_offer):
    client.force_login(redacteur)
    assert save(client, own_offer, title="Warmtemakelaar Kempen 2.0") == [
        "Het aanbod “Warmtemakelaar Kempen 2.0” werd opgeslagen. Het staat op de site."
    ]


def test_saving_a_concept_says_it_is_not_visible(client, redacteur, own_offer):
    client.force_login(redacteur)
    (message,) = save(client, own_offer, status=PublicationStatus.CONCEPT, _continue="1")
    assert message == (
        "Het aanbod “Warmtemakelaar Kempen” werd opgeslagen. Het is een concept en nog niet zichtbaar op de site."
    )
    assert "met succes" not in message


def test_adding_an_offer_says_it_is_a_concept(client, redacteur, iok, werven):
    client.force_login(redacteur)
    new = Offer(supporter=iok, title="Nieuw concept", slug="nieuw-concept", summary="s", description="d")
    new.kind, new.cost, new.status = Offer.Kind.BEGELEIDING, Offer.Cost.GRATIS, PublicationStatus.CONCEPT
    data = offer_form_data(new, werven=[werven[2].pk])
    response = client.post("/admin/offers/offer/add/", data, follow=True)
    assert messages_of(response) == [
        "Het aanbod “Nieuw concept” werd opgeslagen. Het is een concept en nog niet zichtbaar op de site."
    ]


# --- a preview of a concept for who may edit it --------------------------------------------------


@pytest.fixture
def concept(own_offer):
    Offer.objects.filter(pk=own_offer.pk).update(status=PublicationStatus.CONCEPT)
    own_offer.refresh_from_db()
    return own_offer


@pytest.fixture
def other_editor(make_user, interleuven):
    return make_user("redacteur-interleuven", REDACTEUR, [interleuven])


@pytest.mark.parametrize("who", ["redacteur", "coordinator"])
def test_an_editor_and_a_coordinator_preview_a_concept_with_a_banner(client, concept, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(concept.get_absolute_url())
    assert response.status_code == 200
    banner = find(page(response), "aside", class_="notice--preview")
    assert text(find(banner, "h2")) == "Concept – niet openbaar"
    assert response["X-Robots-Tag"] == "noindex"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", [None, "outsider", "other_editor"])
def test_a_concept_stays_a_404_for_everybody_else(client, concept, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(concept.get_absolute_url())
    assert response.status_code == 404
    assertNotContains(response, "Warmtemakelaar", status_code=404)


def test_a_published_offer_shows_no_banner(client, redacteur, own_offer):
    client.force_login(redacteur)
    response = client.get(own_offer.get_absolute_url())
    assertNotContains(response, "notice--preview")
    assert "X-Robots-Tag" not in response


def test_the_admin_links_a_concept_to_its_preview(client, redacteur, concept):
    client.force_login(redacteur)
    form = client.get(f"/admin/offers/offer/{concept.pk}/change/")
    assertContains(
        form, f'<a href="{concept.get_absolute_url()}" class="viewsitelink">Bekijk op de site</a>', html=True
    )
    changelist = client.get("/admin/offers/offer/")
    assertContains(changelist, f'<a href="{concept.get_absolute_url()}">Voorbeeld</a> (concept)', html=True)


# --- the change list and the form -----------------------------------------------------------------


def column_classes(response):
    header = find(find(page(response), "table", id="result_list"), "thead")
    classes = [attribute(th, "class").split() for th in find_all(header, "th")]
    return [name for names in classes for name in names if name.startswith("column-")]


def test_the_list_starts_with_title_status_and_review_and_leaves_out_a_single_supporter(
    client, redacteur, coordinator, own_offer, foreign_offer, django_assert_max_num_queries
):
    client.force_login(redacteur)
    with django_assert_max_num_queries(15):
        response = client.get("/admin/offers/offer/")
    assert listed(response) == [own_offer]
    columns = column_classes(response)
    assert columns[:3] == ["column-title", "column-state", "column-reviewed"]
    assert "column-supporter" not in columns
    assertContains(response, "css/admin-editors.css")

    client.force_login(coordinator)
    assert "column-supporter" in column_classes(client.get("/admin/offers/offer/"))


def test_the_form_has_a_wide_title_and_calls_the_slug_webadres(client, redacteur, own_offer):
    client.force_login(redacteur)
    response = client.get(f"/admin/offers/offer/{own_offer.pk}/change/")
    document = page(response)
    assert "lekp-wide" in attribute(find(document, "input", id="id_title"), "class").split()
    label = text(find(document, "label", for_="id_slug"))
    assert label.startswith("Webadres") and "Sleutel" not in response.content.decode()
    assert "adres op de site" in text(find(document, id="id_slug_helptext"))


# --- history: the changed words marked, readable values, names ------------------------------------


def test_marked_words_marks_only_what_changed():
    old, new = marked_words("IOK helpt <gemeenten> met warmteplannen.", "IOK helpt alle <gemeenten> met plannen.")
    assert old == "IOK helpt &lt;gemeenten&gt; met <del>warmteplannen.</del>"
    assert re.findall(r"<ins>(.*?)</ins>", new) in ([" alle", "plannen."], ["alle ", "plannen."])
    assert re.sub(r"</?ins>", "", new) == "IOK helpt alle &lt;gemeenten&gt; met plannen."


def test_history_marks_words_says_leeg_with_belgian_dates_and_full_names(client, make_user, iok, own_offer):
    editor = make_user("sverbeke", REDACTEUR, [iok], first_name="Sofie", last_name="Verbeke")
    client.force_login(editor)
    save(client, own_offer, title="Warmtemakelaar Kempen 2.0", reviewed_on="2026-12-02")

    response = client.get(f"/admin/offers/offer/{own_offer.pk}/history/")
    newest = find_all(find(page(response), "tbody"), "tr")[0]
    assert text(find(newest, "td", data_label="Door")) == "Sofie Verbeke"
    changes = {text(find(li, "strong")): li for li in find_all(newest, "li")}
    title = changes["Titel:"]
    assert [text(ins) for ins in find_all(title, "ins")] == ["2.0"]
    assert find_all(title, "del") == []  # nothing was taken out of the title
    # The arrow is for the eye; a screen reader hears "leeg werd 2 december 2026".
    assert text(changes["Laatst nagekeken op:"]) == "Laatst nagekeken op: leeg → werd 2 december 2026"
    assert "None" not in response.content.decode()
    when = text(find(newest, "td", data_label="Datum en tijd"))  # “2 december 2026, 14:05”
    day, month, rest = when.split(" ", 2)
    assert day.isdigit() and month.isalpha() and datetime.datetime.strptime(rest, "%Y, %H:%M")


def test_a_version_page_is_dutch_and_read_only(client, redacteur, own_offer):
    client.force_login(redacteur)
    version = own_offer.history.latest()
    save(client, own_offer, description="Nieuwe tekst.")
    response = client.get(f"/admin/offers/offer/{own_offer.pk}/history/{version.history_id}/")
    content = response.content.decode()
    assert "Historical" not in content
    document = page(response)
    assert "lekp-version" in attribute(find(document, "body"), "class").split()
    assert text(find(document, "div", class_="breadcrumbs")).startswith(
        "Voorpagina › Aanbod en ondersteuners › Aanbod › Warmtemakelaar Kempen ›"
    )
    assert "disabled" in dict(find(document, "input", id="id_title").attributes)
    assert "disabled" in dict(find(document, "textarea", id="id_description").attributes)
    # Reverting still brings back the version, whatever the disabled fields post.
    response = client.post(
        f"/admin/offers/offer/{own_offer.pk}/history/{version.history_id}/",
        offer_form_data(own_offer, description="Iets anders."),
    )
    assert response.status_code == 302
    own_offer.refresh_from_db()
    assert own_offer.description == version.description
