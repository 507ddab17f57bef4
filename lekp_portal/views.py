"""Site-wide pages: they combine every layer, so they live in the project package on top."""

from django.views.generic import TemplateView

from offers.models import Offer, Project, Supporter
from werven.models import Werf

NEWEST_PROJECTS_SHOWN = 3


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            werven=Werf.objects.annotate(offer_count=Offer.objects.published().count_per_werf()),
            supporters=Supporter.objects.with_published_counts(),
            projects=Project.objects.published().newest().for_list()[:NEWEST_PROJECTS_SHOWN],
            **kwargs,
        )
