"""The busiest offer queries are served by an index on PostgreSQL (offers.Offer.Meta.indexes).

At 20,000 offers a sort of every published offer cost /aanbod/ tens of milliseconds per page and
spilled to disk on page 50. The planner picks a sequential scan on the few rows of a test, so
these tests forbid it one (enable_seqscan, enable_sort) and check that an index still answers:
if an ordering and its index drift apart, a Sort comes back into the plan.
"""

import pytest
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from offers.filters import OfferFilter
from offers.models import Offer

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans")


def plan(queryset=None, sql="", params=()):
    if queryset is not None:
        sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def offers(make_offer, iok, werven):
    for number in range(30):
        make_offer(iok, werven=[werven[number % 4 + 1]], title=f"Aanbod {number:02}")


def test_a_page_of_the_list_is_read_in_title_order_from_its_index(offers):
    page = OfferFilter(QueryDict()).qs[20:40]
    shown = plan(page)
    assert "offer_title_idx" in shown, shown
    assert "Sort" not in shown, shown


def test_the_feed_is_read_newest_first_from_its_index(offers):
    newest = Offer.objects.published().for_list().newest_first()[:50]
    shown = plan(newest)
    assert "offer_last_change_idx" in shown, shown
    assert "Sort" not in shown, shown


@pytest.mark.parametrize("column", ["cost", "kind", "supporter"])
def test_the_counts_per_option_read_the_narrow_index(offers, column):
    counts = Offer.objects.published().order_by().values(column).annotate(n=Count("pk"))
    shown = plan(counts)
    assert "offer_published_facets_idx" in shown, shown


def test_the_facet_counts_read_the_narrow_index_and_each_werf_once(offers):
    offer_filter = OfferFilter(QueryDict("werf=1&werf=2&kosten=niet-vermeld&soort=begeleiding&looptijd=doorlopend"))
    offer_filter.is_valid()
    with CaptureQueriesContext(connection) as queries:
        assert offer_filter.counts.total == 16  # werf 1 or 2: 16 of the 30
    (query,) = queries.captured_queries
    shown = plan(sql=query["sql"])
    assert "offer_published_facets_idx" in shown, shown
    # One subquery per werf (four), however many counts the werf filter and options take part in.
    assert "SubPlan 4" in shown and "SubPlan 5" not in shown, shown
