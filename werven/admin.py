from django.contrib import admin

from werven.models import Target, Werf


class TargetInline(admin.TabularInline):
    model = Target
    fields = ["position", "slug", "text", "pact_version", "horizon"]
    extra = 0
    show_change_link = True


@admin.register(Werf)
class WerfAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "theme"]
    list_display_links = ["number", "name"]
    search_fields = ["name", "theme", "description"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["short_text", "werf", "pact_version", "horizon", "quantity", "unit", "variant_of"]
    list_filter = ["werf", "pact_version", "horizon", "unit"]
    search_fields = ["text", "slug", "flemish_total"]
    list_select_related = ["werf", "variant_of__werf"]
    prepopulated_fields = {"slug": ["text"]}
    fieldsets = [
        (None, {"fields": ["werf", "slug", "text", "pact_version", "variant_of", "position"]}),
        (
            "Cijfers achter de doelstelling",
            {
                "fields": ["quantity", "unit", "basis", "per_count", "flemish_total", "horizon"],
                "description": "Laat leeg bij een doelstelling zonder cijfer.",
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "variant_of":
            # Its label names the werf, which costs a join per option without this.
            kwargs["queryset"] = Target.objects.select_related("werf")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="officiële tekst", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:90]}…"
