from django.db import models


class SeedRecord(models.Model):
    """Remembers which seed records were ever loaded.

    A reload skips every record named here, so staff edits are never overwritten and an
    offer staff deleted does not come back unless the loader is asked to restore it.
    """

    kind = models.CharField("soort", max_length=50)
    key = models.CharField("sleutel", max_length=300)
    loaded_at = models.DateTimeField("geladen op", auto_now_add=True)

    class Meta:
        verbose_name = "geladen startgegeven"
        verbose_name_plural = "geladen startgegevens"
        ordering = ["kind", "key"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="seedrecord_unique_kind_key")]

    def __str__(self):
        return f"{self.kind}: {self.key}"
