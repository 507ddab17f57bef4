"""The row holding the content version (read and raised through paginacache.version)."""

from django.db import models

from paginacache.version import ROW


class ContentVersion(models.Model):
    """The one row holding the current version of the public content."""

    value = models.BigIntegerField("versie", default=0)
    changed_at = models.DateTimeField("gewijzigd op", auto_now=True)

    class Meta:
        verbose_name = "inhoudsversie"
        verbose_name_plural = "inhoudsversies"
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(pk=ROW), name="content_version_one_row")]

    def __str__(self):
        return f"inhoudsversie {self.value}"

    def get_absolute_url(self):
        # A counter has no page of its own; the start page is where a change shows first.
        return "/"
