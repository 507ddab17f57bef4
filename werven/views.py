from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from offers.models import Offer, Project, Supporter
from werven.models import Werf

NEWEST_PROJECTS_SHOWN = 3


class HomeView(TemplateView):
    template_name = "werven/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            werven=Werf.objects.with_offer_counts(),
            supporters=Supporter.objects.with_published_counts(),
            projects=Project.objects.published().newest().for_list()[:NEWEST_PROJECTS_SHOWN],
            **kwargs,
        )


class WerfDetailView(DetailView):
    template_name = "werven/werf_detail.html"
    context_object_name = "werf"

    def get_object(self, queryset=None):
        return get_object_or_404(Werf, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        werf = self.object
        offers = (
            Offer.objects.published()
            .serving_werven([werf.number])
            .for_list()
            .order_by("supporter__name", "is_general", "title", "pk")
        )
        return super().get_context_data(
            targets=werf.targets.with_supporters()
            .prefetch_related("variants")
            .order_by("pact_version", "position", "pk"),
            offers=offers,
            projects=Project.objects.published().filter(werven=werf).for_list(),
            export_querystring=f"werf={werf.number}",
            **kwargs,
        )
