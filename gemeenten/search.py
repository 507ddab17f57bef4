"""The searchable kind of this app: municipalities, also by their former names (see zoeken.registry)."""

from gemeenten.models import MUNICIPALITY_SEARCH_KIND, FormerMunicipality, Municipality
from zoeken.registry import Kind, register


def former_names(municipality):
    return ", ".join(former.name for former in municipality.former_municipalities.all())


def snippet(municipality):
    parts = [f"Provincie {municipality.province}", f"arrondissement {municipality.arrondissement}"]
    if names := former_names(municipality):
        parts.append(f"voormalige gemeenten: {names}")
    return " · ".join(parts)


register(
    Kind(
        key=MUNICIPALITY_SEARCH_KIND,
        label="Gemeenten",
        queryset=lambda: Municipality.objects.prefetch_related("former_municipalities"),
        weights={"A": ["name", former_names], "C": ["province", "arrondissement"]},
        snippet=snippet,
        touched_by={FormerMunicipality: lambda former: [former.municipality_id]},
    )
)
