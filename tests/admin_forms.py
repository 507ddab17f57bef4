"""What the admin change forms post, so permission tests can send complete, valid forms; and what they show."""

from offers.admin_mixins import VERSION_FIELD
from offers.history import current_version

PASSWORD = "geheim-genoeg-1"

# The submit buttons as Django and templates/admin/lekp/history_submit_line.html render them.
SAVE_BUTTON = '<input type="submit" value="Opslaan" class="default" name="_save">'
REVERT_BUTTON = '<input type="submit" value="Deze versie terugzetten" class="default" name="_save">'

OFFER_FIELDS = [
    "title",
    "slug",
    "summary",
    "description",
    "kind",
    "cost",
    "partners",
    "source",
    "status",
]
PROJECT_FIELDS = [
    "title",
    "slug",
    "themes",
    "short_description",
    "reason",
    "investment",
    "financing",
    "hiring",
    "municipality",
    "contact_person",
    "email",
    "website",
    "departments",
    "collaborating_governments",
    "collaboration_note",
    "external_partners",
    "partners_note",
    "success_factors",
    "pitfalls",
    "challenges",
    "status",
]


def opened_now(obj, data):
    """A change form carries the version it was opened on; these forms are opened just now."""
    if obj.pk is not None:
        data[VERSION_FIELD] = current_version(obj)
    return data


def offer_form_data(offer, **changes):
    """What the admin form posts for this offer, with `changes` applied."""
    data = {name: getattr(offer, name) for name in OFFER_FIELDS}
    data["supporter"] = offer.supporter_id
    data["werven"] = [werf.pk for werf in offer.werven.all()] if offer.pk else []
    data["reviewed_on"] = offer.reviewed_on.isoformat() if offer.reviewed_on else ""
    data["is_ongoing"] = str(offer.is_ongoing)
    data["ends_on"] = offer.ends_on.isoformat() if offer.ends_on else ""
    if offer.is_general:
        data["is_general"] = "on"
    if offer.concerns_patrimony:
        data["concerns_patrimony"] = "on"
    opened_now(offer, data)
    data.update(changes)
    return data


def project_form_data(project, **changes):
    data = {name: getattr(project, name) for name in PROJECT_FIELDS}
    data["lead_supporter"] = project.lead_supporter_id
    data["werven"] = [werf.pk for werf in project.werven.all()] if project.pk else []
    data["start_date"] = project.start_date.isoformat() if project.start_date else ""
    opened_now(project, data)
    data.update(changes)
    return data


def werf_checkbox(werf, checked=False, described=True, disabled=False):
    """The change form's checkbox of one werf as rendered; werven are listed by number.

    An offer's werven carry a help text (the werf rule), a project's do not; a version page
    shows them disabled.
    """
    state = (" disabled" if disabled else "") + (" checked" if checked else "")
    help_text = ' aria-describedby="id_werven_helptext"' if described else ""
    return (
        f'<input type="checkbox" name="werven" value="{werf.pk}" data-context="available-source"{help_text} '
        f'id="id_werven_{werf.number - 1}"{state}>'
    )


def ticked_werven(response):
    """The ids of the werven whose checkbox the admin form on this page renders ticked."""
    return sorted(int(pk) for pk in response.context["adminform"].form["werven"].value())


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def listed(response):
    """The objects on an admin list page."""
    return list(response.context["cl"].result_list)
