"""What the admin change forms post, so permission tests can send complete, valid forms."""

PASSWORD = "geheim-genoeg-1"

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


def offer_form_data(offer, **changes):
    """What the admin form posts for this offer, with `changes` applied."""
    data = {name: getattr(offer, name) for name in OFFER_FIELDS}
    data["supporter"] = offer.supporter_id
    data["werven"] = [werf.pk for werf in offer.werven.all()] if offer.pk else []
    data["reviewed_on"] = offer.reviewed_on.isoformat() if offer.reviewed_on else ""
    if offer.is_general:
        data["is_general"] = "on"
    if offer.concerns_patrimony:
        data["concerns_patrimony"] = "on"
    data.update(changes)
    return data


def project_form_data(project, **changes):
    data = {name: getattr(project, name) for name in PROJECT_FIELDS}
    data["lead_supporter"] = project.lead_supporter_id
    data["werven"] = [werf.pk for werf in project.werven.all()] if project.pk else []
    data["start_date"] = project.start_date.isoformat() if project.start_date else ""
    data.update(changes)
    return data
