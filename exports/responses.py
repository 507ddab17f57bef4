"""An export as a download: file name, headers, and the right response per format."""

import tempfile
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from exports.writers import BRUSSELS, iter_csv, iter_json, write_xlsx

# Rows fetched per database round trip; bounds memory, and the query count grows only by one
# fetch per chunk, never by one query per row.
CHUNK_SIZE = 1000

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Export:
    """Rows of one column specification, ready to be sent as CSV, Excel or JSON.

    ``rows`` is a queryset (read in chunks, never cached whole) or any iterable of row objects;
    ``name`` is the file name without date and extension ("lekp-aanbod-werf-2"); ``sheet_name``
    names the Excel sheet of the rows and ``title`` heads its "Filters" sheet, which lists the
    (label, value) pairs of ``filters``.
    """

    columns: tuple
    rows: object
    name: str
    sheet_name: str
    title: str
    filters: list = field(default_factory=list)
    exported_at: datetime = field(default_factory=timezone.now)

    def _rows(self):
        if isinstance(self.rows, QuerySet):
            return self.rows.iterator(chunk_size=CHUNK_SIZE)
        return iter(self.rows)

    def filename(self, extension):
        today = self.exported_at.astimezone(BRUSSELS).date().isoformat()
        return f"{'-'.join(part for part in (self.name, today) if part)}.{extension}"

    def response(self, export_format):
        if export_format == "csv":
            return self._streaming(iter_csv(self.columns, self._rows()), "csv")
        if export_format == "json":
            return self._streaming(iter_json(self.columns, self._rows()), "json")
        if export_format == "xlsx":
            return self._xlsx()
        raise Http404("Dit exportformaat bestaat niet.")

    def _streaming(self, chunks, extension):
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = content_disposition_header(True, self.filename(extension))
        response["X-Robots-Tag"] = "noindex"
        return response

    def _xlsx(self):
        # On disk, not in memory: the workbook of a large list is several megabytes.
        # FileResponse closes the file when sent, which deletes it.
        fileobj = tempfile.TemporaryFile(suffix=".xlsx")
        write_xlsx(
            self.columns,
            self._rows(),
            fileobj,
            sheet_name=self.sheet_name,
            title=self.title,
            filters=self.filters,
            exported_at=self.exported_at,
        )
        fileobj.seek(0)
        response = FileResponse(
            fileobj, as_attachment=True, filename=self.filename("xlsx"), content_type=CONTENT_TYPES["xlsx"]
        )
        response["X-Robots-Tag"] = "noindex"
        return response
