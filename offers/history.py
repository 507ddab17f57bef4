"""One history row per save, werven included.

simple-history writes a row on every post_save and another on every m2m change, so a save in
the admin that also changes the werven gave three rows: the new text with the old werven, then
the werven removed, then the new werven. Staff reading or reverting history saw versions that
never existed. Saving through ``one_history_row`` writes a single row once the relations are set.
"""

from contextlib import contextmanager

from simple_history.models import HistoricalRecords


class RecordedHistory(HistoricalRecords):
    """simple-history's recorder, plus ``instance.record_history(history_type)``."""

    def add_extra_methods(self, cls):
        super().add_extra_methods(cls)
        recorder = self

        def record_history(instance, history_type="~"):
            """Write one history row of the instance as it is now, its werven included."""
            recorder.create_historical_record(instance, history_type)

        cls.record_history = record_history


def start_deferred_history(instance):
    """Stop the signals from writing rows for this instance until ``finish_deferred_history``."""
    instance.skip_history_when_saving = True


def finish_deferred_history(instance, history_type):
    if hasattr(instance, "skip_history_when_saving"):
        del instance.skip_history_when_saving
        instance.record_history(history_type)


@contextmanager
def one_history_row(instance, history_type):
    """Save the instance and set its relations inside the block; one history row is written after."""
    start_deferred_history(instance)
    try:
        yield instance
    except BaseException:
        del instance.skip_history_when_saving
        raise
    finish_deferred_history(instance, history_type)
