"""A database lookup that keeps a value from the request from crashing a query."""

from django.db.models.lookups import In


class IntegerIn(In):
    """``in`` on an integer column, matching nothing for a value the column cannot hold.

    The admin passes ids from the request straight into ``in``: the ticked werven of an offer
    form, the chosen row of an autocomplete field that the form shows again with its error.
    Django raises ValueError there for "abc", and SQLite OverflowError for a number past 2^63
    (Django's own ``exact``, ``gt``… already treat such a number as matching nothing). The forms
    still report the value as an invalid choice: they check each value on its own first.
    """

    def get_prep_lookup(self):
        if self.rhs_is_direct_value():
            self.rhs = [value for value in self.rhs if self.is_number(value)]
        return super().get_prep_lookup()

    def is_number(self, value):
        if value is None or hasattr(value, "resolve_expression"):
            return True
        try:
            self.lhs.output_field.get_prep_value(value)
        except (TypeError, ValueError):
            return False
        return True

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or low <= value) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
