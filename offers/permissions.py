"""Who may do what in the staff admin.

Django groups and permissions say *what* a role may do (view, add, change, delete a model);
memberships (user ↔ supporter) say *which rows*. A redacteur of IOK holds the change
permission on offers, but only IOK's offers are within reach. Coordinators hold view
permissions plus ``view_all_supporters``; a beheerder is a superuser.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from offers.models import Membership

REDACTEUR = "Redacteur"
COORDINATOR = "Coördinator"

# (app_label, codename); the codenames are Django's defaults plus the custom ones on Offer/Project.
ROLE_PERMISSIONS = {
    REDACTEUR: [
        ("offers", "view_offer"),
        ("offers", "add_offer"),
        ("offers", "change_offer"),
        ("offers", "delete_offer"),
        ("offers", "view_project"),
        ("offers", "add_project"),
        ("offers", "change_project"),
        ("offers", "delete_project"),
    ],
    COORDINATOR: [
        ("offers", "view_offer"),
        ("offers", "view_project"),
        ("offers", "view_supporter"),
        ("offers", "view_all_supporters"),
        ("offers", "restore_offer"),
        ("offers", "restore_project"),
        ("werven", "view_werf"),
        ("werven", "view_target"),
    ],
}

VIEW_ALL = "offers.view_all_supporters"


def sync_roles():
    """Create the role groups and give each exactly its permissions; safe to run again."""
    groups = {}
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q()
        for app_label, codename in wanted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            # Permissions appear after `migrate`; a missing one means the database is behind the code.
            raise LookupError(f"Rechten ontbreken (voer eerst `manage.py migrate` uit): {sorted(missing)}")
        group.permissions.set(permissions)
        groups[name] = group
    return groups


def member_supporter_ids(user):
    """The supporters this user edits for, cached on the user for the length of a request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_lekp_supporter_ids", None)
    if cached is None:
        cached = frozenset(Membership.objects.filter(user=user).values_list("supporter_id", flat=True))
        user._lekp_supporter_ids = cached
    return cached


def sees_all_supporters(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_ALL))


def may_touch_supporter(user, supporter_id):
    """Changing or deleting is always limited to one's own supporters; only a superuser is not."""
    return user.is_active and (user.is_superuser or supporter_id in member_supporter_ids(user))


def may_see_supporter(user, supporter_id):
    return sees_all_supporters(user) or may_touch_supporter(user, supporter_id)
