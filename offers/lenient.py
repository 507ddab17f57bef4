"""Filters that read a shared URL leniently.

A link to a list is kept and passed on, so it outlives the values in it: a supporter is renamed,
someone types ``werf=9``. django-filter would reject the whole form for one such value; these
fields keep what they can use and note the rest in ``notices``, a Dutch sentence each, so the page
can say what was ignored and still apply the other filters. The notice is one of the field's
error messages ("invalid_choice", "unknown_number", "too_long"), passed by the filter declaration.
"""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django_filters.fields import BaseCSVField, ChoiceField, MultipleChoiceField

# Long enough to recognise a value in a notice, short enough to keep the notice readable.
MAX_SHOWN_VALUE = 40


def without_control_characters(value):
    # PostgreSQL refuses NUL characters in text, and no other control character belongs in a URL value.
    return "".join(ch for ch in value if ch.isprintable() or ch in " \t")


def shown(value):
    """``value`` as a notice quotes it: printable, on one line, cut to MAX_SHOWN_VALUE characters."""
    value = " ".join(without_control_characters(value).split())
    return value if len(value) <= MAX_SHOWN_VALUE else value[: MAX_SHOWN_VALUE - 1] + "…"


def is_number(value):
    # Plain digits only (int() also takes "1_0" and Arabic-Indic digits), and short: Python refuses
    # to turn more than 4,300 digits into a number.
    return value.isascii() and value.isdigit() and len(value) <= MAX_SHOWN_VALUE


class LenientFieldMixin:
    """A form field whose ``read()`` returns (the value to use, notices about what was not used)."""

    notices = ()

    def read(self, value):
        raise NotImplementedError

    def clean(self, value):
        value, self.notices = self.read(value)
        return value

    def bound_data(self, data, initial):
        # The form shows what the list uses, so a dropped value does not look chosen.
        return self.read(data)[0]


class LenientMultipleChoiceField(LenientFieldMixin, MultipleChoiceField):
    """The known values, once each and in the given order; a notice for each unknown one.

    With ``numbers=True`` the choices are whole numbers: "04" is 4, and an unknown number gets the
    "unknown_number" notice (a number needs no quotes).
    """

    def __init__(self, *args, numbers=False, **kwargs):
        self.numbers = numbers
        super().__init__(*args, **kwargs)

    def normalise(self, value):
        value = value.strip()
        return str(int(value)) if self.numbers and is_number(value) else value

    def notice(self, value):
        if self.numbers and is_number(value):
            return self.error_messages["unknown_number"] % {"value": value}
        return self.error_messages["invalid_choice"] % {"value": shown(value)}

    def read(self, value):
        kept, notices = [], []
        for item in map(self.normalise, self.to_python(value)):
            if not item or item in kept:
                continue
            if self.valid_value(item):
                kept.append(item)
            else:
                notices.append(self.notice(item))
        return kept, notices


class LenientChoiceField(LenientFieldMixin, ChoiceField):
    """One known value, or nothing with a notice (the last one counts if the URL repeats it)."""

    def read(self, value):
        value = self.to_python(value).strip()
        if not value or self.valid_value(value):
            return value, []
        return "", [self.error_messages["invalid_choice"] % {"value": shown(value)}]


class SearchInput(forms.TextInput):
    input_type = "search"


class LenientSearchField(LenientFieldMixin, forms.CharField):
    """Free text on one line without control characters, cut at ``cut_at`` characters with a notice."""

    widget = SearchInput
    default_error_messages = {
        "too_long": gettext_lazy("De zoekterm is te lang; enkel de eerste %(count)s tekens zijn gebruikt.")
    }

    def __init__(self, *args, cut_at, **kwargs):
        self.cut_at = cut_at
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # The browser stops typing where the notice would start.
        return {**super().widget_attrs(widget), "maxlength": str(self.cut_at)}

    def read(self, value):
        text = " ".join(without_control_characters(self.to_python(value)).split())
        if len(text) <= self.cut_at:
            return text, []
        return text[: self.cut_at].rstrip(), [self.error_messages["too_long"] % {"count": self.cut_at}]


class LenientOrderingField(LenientFieldMixin, BaseCSVField):
    """OrderingFilter's field for a single order: a list of one known value, or empty with a notice."""

    def read(self, value):
        if not value:
            return [], []
        # OrderingFilter's widget splits the parameter at commas to sort by several orders; the list
        # sorts by one, so "titel,bijgewerkt" is as unknown as "drop" and is quoted as it was typed.
        choice = ",".join(value).strip()
        if self.valid_value(choice):
            return [choice], []
        return [], [self.error_messages["invalid_choice"] % {"value": shown(choice)}]


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField


class LenientChoiceFilter(django_filters.ChoiceFilter):
    field_class = LenientChoiceField


class LenientSearchFilter(django_filters.CharFilter):
    field_class = LenientSearchField


class LenientOrderingFilter(django_filters.OrderingFilter):
    """django-filter's OrderingFilter for a menu of orders, one of which always applies.

    ``orderings`` maps each parameter value to its label and the fields it orders by; the fields
    after the first keep rows that tie on it in one order, so no row moves between pages. An order
    has one direction ("-titel" is no choice), and without a known value ``default`` applies.
    """

    base_field_class = LenientOrderingField

    def __init__(self, *args, orderings, default, **kwargs):
        self.orderings = orderings
        self.default = default
        # The label reads "laatst bijgewerkt" in a sentence, "Laatst bijgewerkt" in the menu.
        kwargs["choices"] = [(value, capfirst(label)) for value, (label, _fields) in orderings.items()]
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        _label, fields = self.orderings[value[0] if value else self.default]
        return qs.order_by(*fields)

    @property
    def field(self):
        field = super().field
        # static/js/portal.js leaves the default out of the address the form sends.
        field.widget.attrs["data-default"] = self.default
        return field


class LenientFilterSetMixin:
    """What a FilterSet of lenient fields read from the URL: the values it used and its notices."""

    @cached_property
    def kept_params(self):
        """The query parameters that were used, as a QueryDict: links built from it never repeat a dropped value."""
        params = QueryDict(mutable=True)
        if self.is_valid():  # always, once bound: every field is lenient
            for name, value in self.form.cleaned_data.items():
                if isinstance(value, list):
                    # The default order is no choice: a shared link need not spell it out.
                    is_default = isinstance(self.filters[name], LenientOrderingFilter) and value == [
                        self.filters[name].default
                    ]
                    if value and not is_default:
                        params.setlist(name, value)
                elif value:
                    params[name] = value
        return params

    @cached_property
    def notices(self):
        """A Dutch sentence for each value that was dropped or cut, in form order."""
        self.is_valid()
        return [notice for field in self.form.fields.values() for notice in field.notices]
