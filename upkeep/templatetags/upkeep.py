from django import template
from django.urls import reverse

from upkeep.dashboard import upkeep_for

register = template.Library()


@register.simple_tag
def supporter_upkeep(user):
    """What the admin start page lists per supporter within the user's reach (upkeep/dashboard.py)."""
    return upkeep_for(user)


@register.filter
def admin_change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
