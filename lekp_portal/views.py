"""Site-wide pages: they combine every layer, so they live in the project package on top."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from lekp_portal.forms import SearchForm
from offers.models import Offer, Project, Supporter
from offers.pagination import LenientPaginator
from werven.models import Werf
from zoeken import results
from zoeken.models import Entry
from zoeken.registry import KINDS
from zoeken.text import MAX_QUERY_WORDS

NEWEST_PROJECTS_SHOWN = 3
# Hits per kind on the search page; "toon alle" leads to the rest.
HITS_PER_KIND = 5
HITS_PER_PAGE = 20


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            werven=Werf.objects.annotate(offer_count=Offer.objects.published().count_per_werf()),
            supporters=Supporter.objects.with_published_counts(),
            projects=Project.objects.published().newest().for_list()[:NEWEST_PROJECTS_SHOWN],
            **kwargs,
        )


class SearchView(TemplateView):
    """/zoeken/?q=: one search over every kind of the registry, grouped, best match first.

    With ``soort`` one kind, all its hits page by page. A fixed number of queries whatever the
    number of hits: one for the groups (two more for a suggestion), two for a page of one kind.
    """

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        form.is_valid()  # always: both fields are lenient
        text, key = form.cleaned_data["q"], form.cleaned_data["soort"]
        notices = list(form.notices)
        query = results.parse(text)
        if text and not query:
            notices.append(
                _("„%(q)s” bevat geen woord om naar te zoeken; gebruik letters of cijfers, en meer dan „de” of „van”.")
                % {"q": text[:40]}
            )
        if query.cut:
            notices.append(
                _("Enkel de eerste %(count)s woorden van de zoekterm zijn gebruikt.") % {"count": MAX_QUERY_WORDS}
            )
        context = {"form": form, "q": text, "notices": notices, "query": query, "kind": KINDS.get(key)}
        if key and query:
            entries = Entry.objects.public().filter(kind=key).matching(query).order_by("-rank", "title", "pk")
            paginator = LenientPaginator(entries.only("title", "url", "text"), HITS_PER_PAGE)
            page, notice = paginator.lenient_page(self.request.GET.get("pagina", ""))
            if notice:
                notices.append(notice)
            group = results.Group(key, KINDS[key].label, paginator.count, results.hits(page.object_list, query))
            context.update(outcome=results.Outcome(query, [group] if group.total else []), page_obj=page)
        else:
            context["outcome"] = results.search(text, HITS_PER_KIND) if query else results.Outcome(query)
        return super().get_context_data(**context, **kwargs)
