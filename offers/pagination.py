from django.core.paginator import Paginator
from django.utils.translation import gettext as _

# Enough to recognise the value in a notice; longer input is not a page number anyone typed.
MAX_SHOWN_PAGE = 20
# The list view shows every result on one page for this value (to print the whole list).
SHOW_ALL = "alle"


def wants_all(raw):
    return raw.strip().lower() == SHOW_ALL


class LenientPaginator(Paginator):
    """Never a 404 for a page number: a shared link to a page that no longer exists shows a real page.

    ``count``, when the caller counted the rows already, saves the paginator's own COUNT query.
    """

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # takes the place of Paginator's cached_property

    def lenient_page(self, raw):
        """The page for the raw ``pagina`` parameter, and a Dutch notice when it had to be corrected."""
        raw = raw.strip()
        if not raw or wants_all(raw):
            return self.page(1), None
        shown = "".join(ch for ch in raw[:MAX_SHOWN_PAGE] if ch.isprintable())
        # Plain digits only: int() would also take "1_0" or Arabic-Indic digits.
        digits = raw.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_SHOWN_PAGE:
            return self.page(1), _("„%(value)s” is geen geldig paginanummer; de eerste pagina wordt getoond.") % {
                "value": shown
            }
        number = int(raw)
        if number < 1:
            return self.page(1), _("Pagina %(number)s bestaat niet; de eerste pagina wordt getoond.") % {
                "number": shown
            }
        if number > self.num_pages:
            return self.page(self.num_pages), _(
                "Pagina %(number)s bestaat niet; de laatste pagina (%(last)s) wordt getoond."
            ) % {"number": shown, "last": self.num_pages}
        return self.page(number), None
