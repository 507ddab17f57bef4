"""The offer list as an official uses it on a phone and on paper: filters folded behind one button,
counts per filter option, cards that say whom to call, links that share cleanly, and the offer page
that leads back to the list."""

import pytest
from markup import attribute, find, find_all, hrefs, page, text

from offers.models import Offer


@pytest.fixture
def kempen(werven, make_supporter, make_offer):
    """Two supporters with contact details, a third without, offers for werf 1 and 4 and general support."""
    iok = make_supporter(
        "iok", name="IOK", contact_person="Steven Heylen", phone="014/56 42 69", email="steven.heylen@iok.be"
    )
    interleuven = make_supporter("interleuven", name="Interleuven", email="info@interleuven.be")
    stil = make_supporter("stil", name="Stille Partner")
    offers = {
        "bomen": make_offer(iok, [werven[1]], title="Bomen planten", slug="bomen", cost=Offer.Cost.GRATIS),
        "ontharding": make_offer(
            iok, [werven[4]], title="Speelplaatsen onthard", slug="ontharding", kind=Offer.Kind.REALISATIE
        ),
        "academie": make_offer(iok, [], title="Academie", slug="academie", is_general=True),
        "regenwater": make_offer(
            interleuven, [werven[4]], title="Regenwaterplan", slug="regenwater", cost=Offer.Cost.BETALEND
        ),
        "hagen": make_offer(stil, [werven[1]], title="Hagen", slug="hagen"),
    }
    return {"iok": iok, "interleuven": interleuven, "stil": stil, "offers": offers}


def list_page(client, query=""):
    return page(client.get(f"/aanbod/?{query}"))


# --- 1. the list on a phone ------------------------------------------------------------------


def test_filters_are_folded_behind_a_button_that_counts_the_active_ones(client, kempen):
    document = list_page(client, "werf=1&ondersteuner=iok")
    panel = find(document, "details", class_="filters-panel")
    assert attribute(panel, "open") is None, "dichtgevouwen: op een telefoon komen de resultaten eerst"
    assert text(find(panel, "summary")) == "Filters (2 actief)"
    form = find(panel, "form", class_="filters")
    # After filtering the browser lands on the results, not on the top of the page.
    assert attribute(form, "action") == "/aanbod/#resultaten"


def test_without_filters_the_button_says_just_filters(client, kempen):
    assert text(find(list_page(client), "summary")) == "Filters"


def test_the_empty_state_opens_the_results_and_no_list_tools_show(client, kempen):
    document = list_page(client, "q=zzzonbestaand")
    results = find(document, "section", id="resultaten")
    first = [child for child in results.children if not isinstance(child, str)][1]
    assert attribute(first, "class") == "empty-state"
    assert not find_all(results, class_="export-links")
    assert not find_all(results, data_print_target=True)


def test_the_results_follow_the_folded_filters_in_the_page(client, kempen):
    html = client.get("/aanbod/").content.decode()
    assert html.index('class="filters-panel') < html.index('id="resultaten"')
    assert html.index('id="resultaten-aantal"') < html.index('class="filters-panel')
