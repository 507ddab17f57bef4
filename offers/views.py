from datetime import timedelta
from itertools import groupby

from django.db.models import Case, When
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from offers.feeds import filter_query
from offers.filters import OfferFilter
from offers.grouping import SHOWN_PER_GROUP, summarise_by_werf, supporter_shares
from offers.models import Offer, Project, Supporter
from offers.pagination import SHOW_ALL, LenientPaginator, wants_all
from offers.permissions import may_see_supporter
from werven.models import Target, Werf

# Enough to see who else helps, short enough for a phone; the link leads to the whole filtered list.
OTHER_OFFERS_SHOWN = 6
MAX_ON_ONE_PAGE = 500
RECENT_DAYS = 90
# More than a quarter of news is not read on one page; the cap keeps the page one query.
MAX_RECENT = 200
# A werf's or supporter's page shows this many inspiration projects and links to the rest.
PROJECTS_SHOWN = 6


class OfferListView(ListView):
    """/aanbod/: the published offers, filtered by ``filterset_class`` (see offers.urls.offer_urlpatterns)."""

    filterset_class = OfferFilter
    template_name = "offers/offer_list.html"
    context_object_name = "offers"
    paginate_by = 20
    page_kwarg = "pagina"
    paginator_class = LenientPaginator

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET, request=self.request)
        return self.filterset.qs

    @property
    def shows_all(self):
        return wants_all(self.request.GET.get(self.page_kwarg, ""))

    def get_paginate_by(self, queryset):
        # "pagina=alle" puts the whole filtered list on one page, so it can be printed; the cap
        # keeps one request from rendering an unbounded page.
        return MAX_ON_ONE_PAGE if self.shows_all else self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        # The total comes with the facet counts (OfferFilter.counts): no COUNT query of its own.
        paginator = self.get_paginator(
            queryset, page_size, allow_empty_first_page=True, count=self.filterset.counts.total
        )
        page, notice = paginator.lenient_page(self.request.GET.get(self.page_kwarg, ""))
        if notice:
            self.filterset.notices.append(notice)
        if self.shows_all:
            if page.has_next():
                self.filterset.notices.append(
                    _(
                        "Er zijn %(count)s resultaten; enkel de eerste %(shown)s staan op deze pagina. "
                        "Verfijn de filters of gebruik een export voor de volledige lijst."
                    )
                    % {"count": paginator.count, "shown": MAX_ON_ONE_PAGE}
                )
            # Page links would count 20 per page and repeat what is shown here.
            return paginator, page, page.object_list, False
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.filterset.kept_params
        offers = context["offers"]
        # Filtered on one supporter, its contact shows once above the list instead of on every card.
        single_supporter = offers[0].supporter if offers and len(params.getlist("ondersteuner")) == 1 else None
        context.update(
            single_supporter=single_supporter,
            cards_with_contact=single_supporter is None,
            # The printed list gives each offer's full address.
            site_root=self.request.build_absolute_uri("/").rstrip("/"),
            filter=self.filterset,
            form=self.filterset.form,
            notices=self.filterset.notices,
            chips=self.filterset.chips,
            kept_params=params,
            # The printed page says where it came from, without values that were dropped.
            print_url=self.request.build_absolute_uri(
                f"{self.request.path}?{params.urlencode()}" if params else self.request.path
            ),
            result_count=context["paginator"].count,
            # Which filter emptied the list costs a count per active filter, so only when it is empty.
            ways_out=[] if context["paginator"].count else self.filterset.ways_out(),
            show_all=SHOW_ALL,
            follow={"query": filter_query(params)},
        )
        return context


class OfferDetailView(DetailView):
    """An offer's page; the filters of the list it was opened from ride along in its query string.

    ``filterset_class`` reads them as the list does (offers.urls.offer_urlpatterns gives both the
    same class), so "Terug naar de resultaten" returns to that list and "Ander aanbod" keeps to the
    municipality in view (the ``gemeente`` filter, which a layer above adds).
    """

    template_name = "offers/offer_detail.html"
    context_object_name = "offer"
    filterset_class = OfferFilter

    def get_object(self, queryset=None):
        offer = get_object_or_404(
            Offer.objects.select_related("supporter").prefetch_related("werven"),
            supporter__slug=self.kwargs["supporter"],
            slug=self.kwargs["slug"],
        )
        # A concept (or an expired offer) is a preview for whoever may edit it or sees every
        # supporter (a coordinator); everybody else gets the same 404 as for an unknown address.
        if not offer.is_public and not may_see_supporter(self.request.user, offer.supporter_id):
            raise Http404("Dit aanbod bestaat niet of is niet gepubliceerd.")
        return offer

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            # A preview is for its editor only: no shared cache keeps it, no search engine lists it.
            patch_cache_control(response, private=True, no_store=True)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        offer = self.object
        numbers = offer.served_werf_numbers
        # Read only when there is a query: a plain offer page costs no query for the list's filters.
        list_filter = self.filterset_class(self.request.GET) if self.request.GET else None
        list_params = list_filter.kept_params if list_filter else QueryDict()
        around = QueryDict(mutable=True)
        around.setlist("werf", [str(number) for number in numbers])
        around.setlist("gemeente", list_params.getlist("gemeente"))
        other_offers = []
        if numbers:
            # The same supporter first: an official who found one offer knows whom to call for the others.
            same_supporter_first = Case(When(supporter_id=offer.supporter_id, then=0), default=1)
            # Only a municipality in view needs the list's filter (and its queries for the labels).
            if around.getlist("gemeente"):
                candidates = self.filterset_class(around).qs
            else:
                candidates = Offer.objects.published().serving_werven(numbers).for_list()
            other_offers = candidates.exclude(pk=offer.pk).order_by(
                same_supporter_first, "is_general", "supporter__name", "title", "pk"
            )[:OTHER_OFFERS_SHOWN]
        in_view = {name: value for name, _label, value in list_filter.active_filters()} if list_filter else {}
        return super().get_context_data(
            other_offers=other_offers,
            werf_count=len(numbers),
            other_offers_query=around.urlencode(),
            list_query=list_params.urlencode(),
            municipality_in_view=in_view.get("gemeente", ""),
            **kwargs,
        )


class SupporterListView(ListView):
    template_name = "offers/supporter_list.html"
    context_object_name = "supporters"

    def get_queryset(self):
        return Supporter.objects.with_published_counts()


class SupporterDetailView(DetailView):
    template_name = "offers/supporter_detail.html"
    context_object_name = "supporter"

    def get_queryset(self):
        return Supporter.objects.with_published_counts()

    def get_context_data(self, **kwargs):
        supporter = self.object
        groups = summarise_by_werf(
            Offer.objects.published().filter(supporter=supporter).first_per_werf(SHOWN_PER_GROUP),
            ondersteuner=supporter.slug,
        )
        return super().get_context_data(
            offer_groups=groups,
            offer_count=supporter.published_offer_count,
            projects=Project.objects.published()
            .filter(lead_supporter=supporter)
            .for_list()
            .first_of_all(PROJECTS_SHOWN),
            export_querystring=f"ondersteuner={supporter.slug}",
            follow={"query": f"ondersteuner={supporter.slug}"},
            **kwargs,
        )


class ProjectListView(ListView):
    template_name = "offers/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return Project.objects.published().for_list()


class ProjectDetailView(DetailView):
    template_name = "offers/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published().for_list()


class WerfDetailView(DetailView):
    """The page of one werf: its targets, who states them, and what supporters offer for it."""

    template_name = "werven/werf_detail.html"
    context_object_name = "werf"

    def get_object(self, queryset=None):
        return get_object_or_404(Werf, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        werf = self.object
        first_offers = (
            Offer.objects.published()
            .serving_werven([werf.number])
            .first_per_group(SHOWN_PER_GROUP, "supporter__name", "supporter_id")
        )
        return super().get_context_data(
            targets=Target.objects.prefetch_related("stated_by").for_werf_page(werf),
            shares=supporter_shares(first_offers, werf=werf.number),
            projects=Project.objects.published().filter(werven=werf).for_list().first_of_all(PROJECTS_SHOWN),
            export_querystring=f"werf={werf.number}",
            follow={"query": f"werf={werf.number}"},
            **kwargs,
        )


class RecentView(TemplateView):
    """/nieuw/: what was first published or changed in the last RECENT_DAYS days, per week, newest first."""

    template_name = "offers/recent.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        offers = list(
            Offer.objects.published()
            .changed_since(now - timedelta(days=RECENT_DAYS))
            .for_list()
            .newest_first()[: MAX_RECENT + 1]
        )

        def monday(offer):
            # Weeks as an official in Flanders counts them: Monday to Sunday, Brussels time.
            day = timezone.localdate(offer.last_change)
            return day - timedelta(days=day.weekday())

        weeks = [
            {"start": start, "end": start + timedelta(days=6), "offers": list(group)}
            for start, group in groupby(offers[:MAX_RECENT], key=monday)
        ]
        return super().get_context_data(
            weeks=weeks,
            days=RECENT_DAYS,
            capped=len(offers) > MAX_RECENT,
            shown=MAX_RECENT,
            follow={"query": ""},
            **kwargs,
        )
