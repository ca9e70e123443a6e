"""Read a chronoatlas server with QGIS, headless, as a GIS user would.

Reads a JSON request on standard input:
  {"base": "http://127.0.0.1:port", "collections": ["territories", ...], "polities": ["song", ...],
   "datetimes": ["1141-07-01", ...], "bbox": [west, south, east, north], "points": [{"id": "kaifeng", "lon": 114.3, "lat": 34.8}, ...],
   "images": "optional folder to save the rendered maps in"}
and writes a JSON report on standard output:
  {"qgis": "3.22.16", "collections": {name: {"valid", "count", "fields", "geometries"}},
   "tiles": {datetime: {"polities": {point id: polity or null}, "land_pixels", "uncovered_pixels"}}}

The tiles are drawn by QGIS's own vector-tile renderer, which drops
polygons whose rings break the MVT specification: a territory it dropped
shows as land that no territory covers. Run by cmd/chronoatlas's
TestQGISReadsTheServer; QT_QPA_PLATFORM=offscreen makes it headless.
"""

import json
import sys
from collections import Counter

from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsFillSymbol,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorTileBasicRenderer,
    QgsVectorTileBasicRendererStyle,
    QgsVectorTileLayer,
    QgsWkbTypes,
)

LAND = QColor(255, 0, 0)


def colour(i):
    # Distinct, exact colours: no antialiasing, so a pixel is one of them.
    return QColor((i * 53) % 200 + 20, (i * 97) % 200 + 20, (i * 151) % 200 + 40)


def collections(base, names):
    out = {}
    for name in names:
        layer = QgsVectorLayer(f"url='{base}' typename='{name}'", name, "OAPIF")
        geometries = Counter(
            QgsWkbTypes.displayString(f.geometry().wkbType()) for f in layer.getFeatures()
        )
        out[name] = {
            "valid": layer.isValid(),
            "count": layer.featureCount(),
            "fields": [f.name() for f in layer.fields()],
            "geometries": dict(geometries),
        }
    return out


def style(name, layer, expression, fill):
    s = QgsVectorTileBasicRendererStyle(name, layer, QgsWkbTypes.PolygonGeometry)
    s.setFilterExpression(expression)
    s.setSymbol(QgsFillSymbol.createSimple({"color": fill.name(), "outline_style": "no"}))
    s.setMinZoomLevel(-1)
    s.setMaxZoomLevel(-1)
    return s


def tiles(base, datetime, bbox, polities, points, images):
    uri = QgsDataSourceUri()
    uri.setParam("type", "xyz")
    uri.setParam("url", base + "/tiles/{z}/{x}/{y}.mvt?datetime=" + datetime)
    uri.setParam("zmin", "0")
    uri.setParam("zmax", "14")
    layer = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), f"tiles {datetime}")
    if not layer.isValid():
        return {"error": "the vector tile layer is not valid"}
    styles = [style("land", "land", "", LAND)]
    for i, p in enumerate(polities):
        styles.append(style(p, "territories", f"\"polity\" = '{p}'", colour(i)))
    renderer = QgsVectorTileBasicRenderer()
    renderer.setStyles(styles)
    layer.setRenderer(renderer)

    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    to_mercator = QgsCoordinateTransform(wgs84, mercator, QgsProject.instance())
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(mercator)
    extent = to_mercator.transformBoundingBox(QgsRectangle(*bbox))
    settings.setExtent(extent)
    # Square pixels of about 3 km: the scale of a z6 tile.
    settings.setOutputSize(QSize(int(extent.width() / 3000), int(extent.height() / 3000)))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.Antialiasing, False)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if images:
        image.save(f"{images}/qgis-{datetime}.png")

    by_colour = {colour(i).rgb(): p for i, p in enumerate(polities)}
    found = {}
    m2p = settings.mapToPixel()
    for pt in points:
        px = m2p.transform(to_mercator.transform(QgsPointXY(pt["lon"], pt["lat"])))
        x, y = int(px.x()), int(px.y())
        if 0 <= x < image.width() and 0 <= y < image.height():
            found[pt["id"]] = by_colour.get(image.pixel(x, y))
        else:
            found[pt["id"]] = "outside the map"
    land = uncovered = 0
    white = QColor(255, 255, 255).rgb()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixel(x, y)
            if c != white:
                land += 1
                if c == LAND.rgb():
                    uncovered += 1
    return {"polities": found, "land_pixels": land, "uncovered_pixels": uncovered}


def main():
    req = json.load(sys.stdin)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    report = {"qgis": Qgis.QGIS_VERSION, "collections": collections(req["base"], req["collections"]), "tiles": {}}
    for datetime in req["datetimes"]:
        report["tiles"][datetime] = tiles(
            req["base"], datetime, req["bbox"], req["polities"], req["points"], req.get("images")
        )
    json.dump(report, sys.stdout)
    app.exitQgis()


main()
