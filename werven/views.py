from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from werven.models import Werf


class HomeView(TemplateView):
    template_name = "werven/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(werven=Werf.objects.all(), **kwargs)


class WerfDetailView(DetailView):
    template_name = "werven/werf_detail.html"
    context_object_name = "werf"

    def get_object(self, queryset=None):
        return get_object_or_404(Werf, number=self.kwargs["number"])
