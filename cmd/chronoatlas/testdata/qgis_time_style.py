"""Time and style in QGIS, headless: the temporal controller on an OGC API
Features layer, and the server's MapLibre style imported for the vector tiles.

Reads a JSON request on standard input:
  {"base": "http://127.0.0.1:port", "collection": "territories",
   "frame": ["1141-07-01", "1141-07-02"], "datetimes": ["1120", "1141"],
   "point": {"lon": 114.31, "lat": 34.8}, "images": "optional folder for the maps"}
and writes a JSON report on standard output:
  {"qgis": "3.22.16", "temporal": {"valid", "active", "fields": {name: type}, "filter", "ids"},
   "styles": {datetime: {"error", "warnings", "styles", "pixels": ["#rrggbb", ...]}}}

The frame is what QGIS's temporal controller shows: the features whose
start_date and end_date (ModeFeatureDateTimeStartAndEndFromFields, the end
excluded as DESIGN.md has it) overlap it. The pixels are drawn by QGIS's
vector-tile renderer with the style QgsMapBoxGlStyleConverter made, on a
ring around the point. Run by cmd/chronoatlas's TestQGISTimeAndStyle;
QT_QPA_PLATFORM=offscreen makes it headless.
"""

import json
import math
import sys
import urllib.request

from qgis.PyQt.QtCore import QDate, QDateTime, QSize, Qt, QTime
from qgis.PyQt.QtGui import QColor
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsDateTimeRange,
    QgsExpression,
    QgsFeatureRequest,
    QgsMapBoxGlStyleConversionContext,
    QgsMapBoxGlStyleConverter,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
    QgsVectorTileLayer,
)


def day(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return QDateTime(QDate(y, m, d), QTime(0, 0), Qt.UTC)


def temporal(base, name, frame):
    layer = QgsVectorLayer(f"url='{base}' typename='{name}'", name, "OAPIF")
    out = {"valid": layer.isValid(), "fields": {f.name(): f.typeName() for f in layer.fields()}}
    props = layer.temporalProperties()
    props.setIsActive(True)
    props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    props.setStartField("start_date")
    props.setEndField("end_date")
    # end_date is the first day a feature no longer existed.
    props.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginExcludeEnd)
    out["active"] = props.isActive() and props.startField() == "start_date" and props.endField() == "end_date"
    rng = QgsDateTimeRange(day(frame[0]), day(frame[1]), True, False)
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    expr = props.createFilterString(ctx, rng)
    out["filter"] = expr
    out["visible"] = props.isVisibleInTemporalRange(rng)
    out["ids"] = sorted(f["id"] for f in layer.getFeatures(QgsFeatureRequest(QgsExpression(expr))))
    return out


def styled(base, datetime, point, images):
    with urllib.request.urlopen(f"{base}/styles/default?datetime={datetime}") as r:
        style = json.load(r)
    conv = QgsMapBoxGlStyleConverter()
    result = conv.convert(style, QgsMapBoxGlStyleConversionContext())
    out = {
        "error": conv.errorMessage() if result != QgsMapBoxGlStyleConverter.Success else "",
        "warnings": list(conv.warnings()),
    }
    if out["error"]:
        return out
    out["styles"] = [s.styleName() for s in conv.renderer().styles()]
    uri = QgsDataSourceUri()
    uri.setParam("type", "xyz")
    uri.setParam("url", base + "/tiles/{z}/{x}/{y}.mvt?datetime=" + datetime)
    uri.setParam("zmin", "0")
    uri.setParam("zmax", "14")
    layer = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), f"atlas {datetime}")
    if not layer.isValid():
        out["error"] = "the vector tile layer is not valid"
        return out
    layer.setRenderer(conv.renderer())

    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), mercator, QgsProject.instance())
    centre = to_mercator.transform(QgsPointXY(point["lon"], point["lat"]))
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(mercator)
    half = 400 * 2446  # 800 px of about 2.4 km: zoom 6
    settings.setExtent(QgsRectangle(centre.x() - half, centre.y() - half * 3 / 4, centre.x() + half, centre.y() + half * 3 / 4))
    settings.setOutputSize(QSize(800, 600))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if images:
        image.save(f"{images}/qgis-style-{datetime}.png")
    px = settings.mapToPixel().transform(centre)
    pixels = []
    for i in range(16):
        a, r = i / 16 * 2 * math.pi, 12 + (i % 3) * 4
        pixels.append(QColor(image.pixel(int(px.x() + r * math.cos(a)), int(px.y() + r * math.sin(a)))).name())
    out["pixels"] = pixels
    return out


def main():
    req = json.load(sys.stdin)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    report = {
        "qgis": Qgis.QGIS_VERSION,
        "temporal": temporal(req["base"], req["collection"], req["frame"]),
        "styles": {d: styled(req["base"], d, req["point"], req.get("images")) for d in req["datetimes"]},
    }
    json.dump(report, sys.stdout)
    app.exitQgis()


main()
