"""Asking for an alert, confirming it and ending it: no account, only the signed links in the mails."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from meldingen.forms import AlertForm, read_filters
from meldingen.mails import confirmation_mail
from meldingen.tokens import CONFIRM, UNSUBSCRIBE, BadLink, alert_for


class SubscribeView(FormView):
    """/meldingen/: the form of every list page posts here; GET shows it for the list in ``?filters``."""

    form_class = AlertForm
    template_name = "meldingen/subscribe.html"

    def get_initial(self):
        return {"filters": self.request.GET.get("filters", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        query = form["filters"].value() or ""
        filterset, _problems = read_filters(query)
        return {**context, "description": filterset.describe(), "list_query": query}

    def form_valid(self, form):
        with transaction.atomic():
            alert = form.save()
            # Sent inside the transaction: an alert whose mail could not go out is not kept.
            confirmation_mail(alert, form.describe(), self.request.build_absolute_uri("/")).send()
        return redirect("meldingen:sent")


class SentView(TemplateView):
    template_name = "meldingen/sent.html"


class SignedLinkView(View):
    """GET shows what the link will do and a button; POST does it. A link preview or a virus
    scanner that opens every link in a mail must not confirm or end an alert by looking."""

    purpose = None
    template_name = None
    done_template_name = None

    def alert(self, token):
        try:
            return alert_for(token, self.purpose), None
        except BadLink as error:
            return None, str(error)

    def get(self, request, token):
        alert, problem = self.alert(token)
        if problem:
            return render(request, "meldingen/bad_link.html", {"problem": problem}, status=400)
        return render(request, self.template_name, {"alert": alert, **self.describe(alert)})

    def post(self, request, token):
        alert, problem = self.alert(token)
        if problem:
            return render(request, "meldingen/bad_link.html", {"problem": problem}, status=400)
        context = {"alert": alert, **self.describe(alert)}
        self.act(alert)
        return render(request, self.done_template_name, context)

    def describe(self, alert):
        filterset, problems = read_filters(alert.query)
        return {"description": filterset.describe(), "problems": problems}

    def act(self, alert):
        raise NotImplementedError


class ConfirmView(SignedLinkView):
    purpose = CONFIRM
    template_name = "meldingen/confirm.html"
    done_template_name = "meldingen/confirmed.html"

    def act(self, alert):
        if not alert.is_confirmed:  # a second click changes nothing
            alert.confirm()


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(SignedLinkView):
    """RFC 8058: a mail program POSTs ``List-Unsubscribe=One-Click`` here without a CSRF token;
    the signed token in the address is the proof."""

    purpose = UNSUBSCRIBE
    template_name = "meldingen/unsubscribe.html"
    done_template_name = "meldingen/unsubscribed.html"

    def act(self, alert):
        alert.delete()  # nothing of it is kept
