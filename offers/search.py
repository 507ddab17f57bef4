"""The searchable kinds of this app: offers, supporters and inspiration projects (see zoeken.registry)."""

from urllib.parse import urlencode

from django.urls import reverse

from offers.models import OFFER_SEARCH_KIND, Offer, Project, PublicationStatus, Supporter
from zoeken.registry import Kind, register

register(
    Kind(
        key=OFFER_SEARCH_KIND,
        label="Aanbod",
        queryset=lambda: Offer.objects.select_related("supporter"),
        weights={"A": ["title"], "B": ["supporter.name", "summary"], "C": ["description", "partners"]},
        public=lambda offer: offer.is_published,
        list_url=lambda q: f"{reverse('offers:offer-list')}?{urlencode({'q': q})}",
        # An offer's address and text carry its supporter's slug and name.
        touched_by={Supporter: lambda supporter: supporter.offers.values_list("pk", flat=True)},
    )
)

register(
    Kind(
        key="ondersteuners",
        label="Ondersteuners",
        queryset=Supporter.objects.all,
        weights={"A": ["name"], "B": ["short_explanation"], "C": ["region"]},
    )
)

register(
    Kind(
        key="projecten",
        label="Inspiratieprojecten",
        queryset=lambda: Project.objects.select_related("lead_supporter"),
        weights={
            "A": ["title"],
            "B": ["short_description", "themes", "municipality", "lead_supporter.name"],
            "C": [
                "reason",
                "financing",
                "departments",
                "collaborating_governments",
                "collaboration_note",
                "external_partners",
                "partners_note",
                "success_factors",
                "pitfalls",
                "challenges",
            ],
        },
        public=lambda project: project.status == PublicationStatus.PUBLISHED,
        touched_by={Supporter: lambda supporter: supporter.projects.values_list("pk", flat=True)},
    )
)
