from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from offers.filters import OfferFilter
from offers.models import Offer, Project, Supporter
from werven.models import Werf

OTHER_OFFERS_SHOWN = 12


class OfferListView(ListView):
    template_name = "offers/offer_list.html"
    context_object_name = "offers"
    paginate_by = 20
    page_kwarg = "pagina"

    def get_queryset(self):
        self.filterset = OfferFilter(self.request.GET, queryset=Offer.objects.published().for_list())
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        """Never a 404 for a page number: a shared link to a page that no longer exists shows the last page."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg, "").strip()
        number = 1
        if raw:
            try:
                number = int(raw)
            except ValueError:
                self.filterset.notices.append(
                    _("„%(value)s” is geen geldig paginanummer; de eerste pagina wordt getoond.") % {"value": raw[:20]}
                )
            else:
                if number < 1:
                    self.filterset.notices.append(
                        _("Pagina %(number)s bestaat niet; de eerste pagina wordt getoond.") % {"number": number}
                    )
                    number = 1
                elif number > paginator.num_pages:
                    self.filterset.notices.append(
                        _("Pagina %(number)s bestaat niet; de laatste pagina (%(last)s) wordt getoond.")
                        % {"number": raw[:20], "last": paginator.num_pages}
                    )
                    number = paginator.num_pages
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clean = self.filterset.clean_data
        chips = []
        for name, value, label in self.filterset.active_values():
            remaining = clean.copy()
            remaining.setlist(name, [v for v in clean.getlist(name) if v != value])
            remaining.pop("pagina", None)
            chips.append({"label": label, "query": remaining.urlencode()})
        context.update(
            filter=self.filterset,
            form=self.filterset.form,
            notices=self.filterset.notices,
            chips=chips,
            clean_query=clean,
            # The printed page says where it came from, without values that were dropped.
            print_url=self.request.build_absolute_uri(
                f"{self.request.path}?{clean.urlencode()}" if clean else self.request.path
            ),
            result_count=context["paginator"].count,
        )
        return context


class OfferDetailView(DetailView):
    template_name = "offers/offer_detail.html"
    context_object_name = "offer"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Offer.objects.published().select_related("supporter").prefetch_related("werven"),
            supporter__slug=self.kwargs["supporter"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        offer = self.object
        numbers = [werf.number for werf in offer.werven.all()]
        if offer.is_general:
            numbers = [1, 2, 3, 4]
        others = (
            Offer.objects.published()
            .serving_werven(numbers)
            .exclude(supporter=offer.supporter)
            .for_list()
            .order_by("is_general", "supporter__name", "title", "pk")
        )
        return super().get_context_data(
            other_offers=list(others[:OTHER_OFFERS_SHOWN]) if numbers else [],
            other_offers_query="&".join(f"werf={n}" for n in numbers),
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
        return Supporter.objects.all()

    def get_context_data(self, **kwargs):
        supporter = self.object
        offers = list(Offer.objects.published().filter(supporter=supporter).for_list())
        werven = list(Werf.objects.all())
        groups = [
            {
                "title": _("Algemene ondersteuning (voor alle werven)"),
                "werf": None,
                "offers": [o for o in offers if o.is_general],
            }
        ]
        for werf in werven:
            groups.append(
                {
                    "title": str(werf),
                    "werf": werf,
                    "offers": [o for o in offers if not o.is_general and werf in o.werven.all()],
                }
            )
        groups.append(
            {
                "title": _("Andere ondersteuning"),
                "werf": None,
                "offers": [o for o in offers if not o.is_general and not o.werven.all()],
            }
        )
        return super().get_context_data(
            offer_groups=[group for group in groups if group["offers"]],
            offer_count=len(offers),
            projects=Project.objects.published().filter(lead_supporter=supporter).for_list(),
            export_querystring=f"ondersteuner={supporter.slug}",
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
