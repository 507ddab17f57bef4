"""The searchable kind of this app: the actions of municipalities' policy plans (see zoeken.registry)."""

from plannen.models import ACTION_SEARCH_KIND, Action, ActionProgramme, PolicyPlan, Programme
from zoeken.registry import Kind, register

register(
    Kind(
        key=ACTION_SEARCH_KIND,
        label="Acties uit beleidsplannen",
        queryset=lambda: Action.objects.select_related("programme__plan__municipality", "action_programme__programme"),
        weights={
            "A": [lambda action: " ".join([action.text, *action.items])],
            "B": ["action_programme.title", "programme.title", "heading"],
            "C": ["programme.plan.municipality.name"],
        },
        title=lambda action: f"{action.programme.plan.municipality.name}: {action.citation}",
        snippet=lambda action: " ".join([action.text, *action.items]),
        # The title and the link carry the programme, the action programme and the municipality.
        touched_by={
            Programme: lambda programme: programme.actions.values_list("pk", flat=True),
            ActionProgramme: lambda action_programme: action_programme.actions.values_list("pk", flat=True),
            PolicyPlan: lambda plan: Action.objects.filter(programme__plan=plan).values_list("pk", flat=True),
        },
    )
)
