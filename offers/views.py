from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from offers.models import Offer, Project, Supporter


class OfferListView(ListView):
    template_name = "offers/offer_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Offer.objects.published().for_list()


class OfferDetailView(DetailView):
    template_name = "offers/offer_detail.html"
    context_object_name = "offer"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Offer.objects.published().for_list(), supporter__slug=self.kwargs["supporter"], slug=self.kwargs["slug"]
        )


class SupporterListView(ListView):
    template_name = "offers/supporter_list.html"
    model = Supporter


class SupporterDetailView(DetailView):
    template_name = "offers/supporter_detail.html"
    model = Supporter


class ProjectListView(ListView):
    template_name = "offers/project_list.html"

    def get_queryset(self):
        return Project.objects.published().for_list()


class ProjectDetailView(DetailView):
    template_name = "offers/project_detail.html"

    def get_queryset(self):
        return Project.objects.published().for_list()
