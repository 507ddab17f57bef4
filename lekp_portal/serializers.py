"""The JSON format of `dumpdata` and `loaddata`, so that a dump restores every row as it was.

Two things Django's own JSON format loses for this portal:

- A history row keeps pointing to what its object pointed to, also after that row is deleted (an
  offer's supporter that is gone: simple-history's foreign keys have no database constraint).
  With natural keys Django's serializer then stops with "Supporter matching query does not
  exist" and writes no backup at all; this one writes the id that the database holds.
- Django's encoder cuts times to milliseconds; two history rows written within the same
  millisecond would come back with the same time. This one keeps the microseconds.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.tzinfo is None:
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder

    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = self._value_from_field(obj, field)


Deserializer = json.Deserializer
