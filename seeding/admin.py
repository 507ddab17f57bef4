from django.contrib import admin

from seeding.models import SeedRecord


@admin.register(SeedRecord)
class SeedRecordAdmin(admin.ModelAdmin):
    """Read-only: the loader keeps this list; editing it would make a reload overwrite staff work."""

    list_display = ["kind", "key", "loaded_at"]
    list_filter = ["kind"]
    search_fields = ["key"]
    date_hierarchy = "loaded_at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
