"""An empty alert form for the "Ontvang een e-mail" box of every list page.

The list pages live in offers and gemeenten, which may not import this layer; the box reaches
them through the template context instead (settings.TEMPLATES).
"""

from meldingen.forms import AlertForm


def alert_form(request):
    return {"alert_form": AlertForm(auto_id="melding_%s")}
