"""Formula-safe CSV, streaming Excel and JSON files for any list of the portal.

An export is a column specification (exports/columns.py) and an iterable of row objects; the
writers (exports/writers.py) turn them into a file and exports/responses.py sends it as a
download. Nothing here knows offers or werven, so every layer of the portal may use it.
"""
