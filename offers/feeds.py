"""/aanbod/feed/: an Atom feed of any filtered offer list, newest news first.

It reads its query through the list's own filter class (offers.urls.offer_urlpatterns passes the
same one), so a feed holds exactly the offers of the list it follows; a value the list ignores
is ignored here too. The order is fixed: a feed reader wants what changed last on top.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from offers.filters import OfferFilter

MAX_ENTRIES = 50
# Parameters of the list that do not change which offers a feed holds.
NOT_A_FILTER = ("sortering", "pagina")


def filter_query(params):
    """The URL-encoded filters of ``params`` (a filterset's kept_params), without order or page."""
    params = params.copy()
    for name in NOT_A_FILTER:
        params.pop(name, None)
    return params.urlencode()


def entry_id(offer):
    """A tag URI (RFC 4151): the same for an offer whatever its title, address or host name."""
    authority = urlsplit(settings.SITE_URL).hostname or "localhost"
    created = offer.created_at.astimezone(UTC).date().isoformat()
    return f"tag:{authority},{created}:aanbod/{offer.pk}"


class OfferFeed(Feed):
    feed_type = Atom1Feed
    language = "nl"

    def __init__(self, filterset_class=OfferFilter):
        self.filterset_class = filterset_class

    def get_object(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET, request=request)
        filterset.query = filter_query(filterset.kept_params)
        return filterset

    def title(self, filterset):
        described = "; ".join(f"{label}: {value}" for label, value in filterset.describe() if label != _("Sortering"))
        return _("LEKP-aanbod – %(filters)s") % {"filters": described} if described else _("LEKP-aanbod")

    def subtitle(self, filterset):
        return _("Nieuw en gewijzigd ondersteuningsaanbod voor het Lokaal Energie- en Klimaatpact.")

    def link(self, filterset):
        return reverse("offers:offer-list") + (f"?{filterset.query}" if filterset.query else "")

    def feed_url(self, filterset):
        return reverse("offers:offer-feed") + (f"?{filterset.query}" if filterset.query else "")

    def items(self, filterset):
        return filterset.qs.newest_first()[:MAX_ENTRIES]

    def item_title(self, offer):
        return offer.title

    def item_description(self, offer):
        werven = [_("Werf %(number)s") % {"number": werf.number} for werf in offer.werven.all()]
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            offer.summary,
            format_html_join(
                "",
                "<li>{}: {}</li>",
                [
                    (_("Ondersteuner"), offer.supporter.name),
                    (_("Werven"), ", ".join(werven)),
                    (_("Soort"), offer.get_kind_display()),
                    (_("Kosten"), offer.get_cost_display()),
                ],
            ),
        )

    def item_guid(self, offer):
        return entry_id(offer)

    item_guid_is_permalink = False

    def item_author_name(self, offer):
        return offer.supporter.name

    def item_categories(self, offer):
        return [_("Werf %(number)s") % {"number": werf.number} for werf in offer.werven.all()]

    def item_pubdate(self, offer):
        return offer.published_at

    def item_updateddate(self, offer):
        return offer.last_change
