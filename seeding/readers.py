"""Seed files that are not TOML: the municipality data stays in the CSV and GeoJSON it was published in.

Each reader turns a file into records with the field names of its table's form; the form then
checks them like any TOML record. A reader raises ValueError, in Dutch, for a file it cannot read.
"""

import csv
import json
import re

REFERENCE_DATE_OF_INHABITANTS = "2020-01-01"  # Statbel's count in gemeenten.csv (see fixtures/README.md)
FORMER = re.compile(r"^(?P<name>.+?) \((?P<nis_code>[0-9]{5})\)$")


def csv_rows(path, columns):
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"kolom “{missing[0]}” ontbreekt in de kopregel")
        yield from reader


def municipalities(path):
    for row in csv_rows(path, ["nis_code", "naam", "provincie", "arrondissement", "inwoners_2020"]):
        yield {
            "nis_code": row["nis_code"],
            "name": row["naam"],
            "province": row["provincie"],
            "arrondissement": row["arrondissement"],
            "inhabitants": row["inwoners_2020"],
            "inhabitants_on": REFERENCE_DATE_OF_INHABITANTS,
        }


def former_municipalities(path):
    """ "Bilzen (73006); Hoeselt (73032)" in the column fusie_2025_van: one record each."""
    for row in csv_rows(path, ["nis_code", "naam", "fusie_2025_van"]):
        for part in filter(None, (part.strip() for part in row["fusie_2025_van"].split(";"))):
            match = FORMER.match(part)
            if not match:
                raise ValueError(f"{row['naam']}: “{part}” is geen “naam (NIS-code)” in fusie_2025_van")
            yield {"municipality": row["nis_code"], "nis_code": match["nis_code"], "name": match["name"]}


def services(path):
    for row in csv_rows(path, ["ondersteuner", "nis_code", "bron"]):
        yield {"supporter": row["ondersteuner"], "municipality": row["nis_code"], "source": row["bron"]}


def outlines(path):
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"geen GeoJSON FeatureCollection ({error})") from error
    for feature in features:
        try:
            yield {"municipality": feature["properties"]["nis_code"], "geometry": json.dumps(feature["geometry"])}
        except (KeyError, TypeError) as error:
            raise ValueError(f"een feature zonder properties.nis_code of geometry ({error})") from error
