"""The searchable kinds of this app: the werven and their targets (see zoeken.registry)."""

from werven.models import Target, Werf
from zoeken.registry import Kind, register

register(
    Kind(
        key="werven",
        label="Werven",
        queryset=Werf.objects.all,
        weights={"A": ["name", "theme"], "B": ["description"]},
    )
)

register(
    Kind(
        key="doelstellingen",
        label="Doelstellingen",
        queryset=lambda: Target.objects.select_related("werf"),
        weights={"A": ["text"], "B": ["flemish_total"]},
        title=lambda target: target.text,
        snippet=lambda target: " · ".join(
            part for part in (str(target.werf), target.get_pact_version_display(), target.flemish_total) if part
        ),
    )
)
