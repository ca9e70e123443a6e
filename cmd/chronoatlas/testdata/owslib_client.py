"""Read a chronoatlas server with OWSLib, as a notebook or a QGIS plugin would.

Reads a JSON request on standard input:
  {"base": "http://127.0.0.1:port", "collection": "territories",
   "datetime": "1141-07-01", "filter": "polity = 'jin'"}
and writes a JSON report on standard output:
  {"owslib": "0.27.2", "conformance": [...], "collections": [...],
   "items": {"matched", "returned", "ids"}, "filtered": {"matched", "returned", "ids"},
   "queryables": [...]}

An exception (OWSLib meeting HTML where it wants JSON, say) goes to
standard error with a non-zero exit. Run by cmd/chronoatlas's
TestOWSLibReadsTheServer with Debian's python3-owslib.
"""

import json
import sys

import owslib
from owslib.ogcapi.features import Features


def page(items):
    return {
        "matched": items.get("numberMatched"),
        "returned": items.get("numberReturned"),
        "ids": sorted(f["id"] for f in items["features"]),
    }


def main():
    req = json.load(sys.stdin)
    api = Features(req["base"])
    name = req["collection"]
    report = {
        "owslib": owslib.__version__,
        "conformance": api.conformance()["conformsTo"],
        "collections": [c["id"] for c in api.collections()["collections"]],
        "items": page(api.collection_items(name, datetime=req["datetime"], limit=10000)),
        "filtered": page(
            api.collection_items(name, datetime=req["datetime"], filter=req["filter"], limit=10000)
        ),
        "queryables": sorted(api.collection_queryables(name)["properties"]),
    }
    json.dump(report, sys.stdout)


main()
