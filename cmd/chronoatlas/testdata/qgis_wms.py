"""Draw a chronoatlas WMS-T layer with QGIS, headless, at several days.

Reads a JSON request on standard input:
  {"base": "http://127.0.0.1:port", "layer": "territories", "bbox": [west, south, east, north],
   "days": ["1120-07-01", ...], "size": 64, "images": "optional folder for the drawn maps"}
and writes a JSON report on standard output:
  {"valid": true, "error": "", "temporal": true, "days": {day: [r, g, b] at the middle of the map}}

The layer is QGIS's WMS provider in its temporal mode (type=wmst), which
reads the time dimension from the capabilities; each map is drawn with a
temporal range of one day, as QGIS's temporal controller does, so QGIS
chooses the TIME it sends. Run by cmd/chronoatlas's TestQGISDrawsTheWMS;
QT_QPA_PLATFORM=offscreen makes it headless.
"""

import json, sys
from qgis.PyQt.QtCore import QSize, QDateTime, Qt
from qgis.PyQt.QtGui import QColor, QImage
from qgis.core import (QgsApplication, QgsRasterLayer, QgsMapSettings, QgsMapRendererSequentialJob,
    QgsRectangle, QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsProject)

req = json.load(sys.stdin)
app = QgsApplication([], False)
app.initQgis()
uri = ("crs=EPSG:4326&dpiMode=7&format=image/png&layers=" + req["layer"] + "&styles=&"
       "url=" + req["base"] + "/wms&type=wmst&allowTemporalUpdates=true&temporalSource=provider")
layer = QgsRasterLayer(uri, "atlas", "wms")
out = {"valid": layer.isValid(), "error": layer.error().message() if not layer.isValid() else "",
       "temporal": layer.temporalProperties().isActive() if layer.isValid() else False, "days": {}}
if layer.isValid():
    w, s, e, n = req["bbox"]
    for day in req["days"]:
        ms = QgsMapSettings()
        ms.setLayers([layer])
        ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        ms.setExtent(QgsRectangle(w, s, e, n))
        ms.setOutputSize(QSize(req["size"], req["size"]))
        ms.setIsTemporal(True)
        t0 = QDateTime.fromString(day + "T00:00:00Z", Qt.ISODate)
        ms.setTemporalRange(QgsDateTimeRange(t0, t0.addDays(1)))
        job = QgsMapRendererSequentialJob(ms)
        job.start(); job.waitForFinished()
        img = job.renderedImage()
        if req.get("images"):
            img.save(req["images"] + "/wms-" + day + ".png")
        c = QColor(img.pixel(req["size"] // 2, req["size"] // 2))
        out["days"][day] = [c.red(), c.green(), c.blue()]
print(json.dumps(out))
app.exitQgis()
