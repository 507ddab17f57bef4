"""Outlines of municipalities as SVG paths, drawn on the server from GeoJSON.

Longitude × cos(51°) against −latitude keeps Flanders' shape (an equirectangular projection
at its mean latitude); that is plenty for an overview or a locator map. Coordinates are
scaled so that Flanders is about MAP_WIDTH units wide and written as whole units, which
keeps the 285 outlines small enough to inline in a page.
"""

import math

# A frame around Flanders in longitude/latitude; every outline is drawn in it, so all maps share it.
WEST, EAST, SOUTH, NORTH = 2.5, 6.0, 50.65, 51.52
LONGITUDE_SCALE = math.cos(math.radians(51))
MAP_WIDTH = 1000
SCALE = MAP_WIDTH / ((EAST - WEST) * LONGITUDE_SCALE)
MAP_HEIGHT = round((NORTH - SOUTH) * SCALE)
VIEW_BOX = f"0 0 {MAP_WIDTH} {MAP_HEIGHT}"


class OutlineError(ValueError):
    pass


def project(longitude, latitude):
    return round((longitude - WEST) * LONGITUDE_SCALE * SCALE), round((NORTH - latitude) * SCALE)


def polygons_of(geometry):
    if not isinstance(geometry, dict):
        raise OutlineError("geen GeoJSON-geometrie")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return coordinates
    raise OutlineError(f"een omtrek is een Polygon of MultiPolygon, geen {kind!r}")


def svg_path(geometry):
    """The SVG path data of a GeoJSON Polygon or MultiPolygon; points that round together are dropped."""
    parts = []
    try:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                points = []
                for longitude, latitude, *_altitude in ring:
                    point = project(float(longitude), float(latitude))
                    if not points or point != points[-1]:
                        points.append(point)
                if len(points) >= 3:
                    parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
    except (TypeError, ValueError) as error:
        if isinstance(error, OutlineError):
            raise
        raise OutlineError("de coördinaten zijn geen lijsten van [lengte, breedte]") from error
    return "".join(parts)
