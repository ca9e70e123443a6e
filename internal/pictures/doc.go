// Package pictures draws finished maps of one moment and serves them:
// /map.png, /map.svg and /map.pdf (map.go), the raster tiles
// /tiles/{z}/{x}/{y}.png and their TileJSON (raster.go), and the link
// previews of the viewer's pages (preview.go). Pictures (picture.go) draws
// and caches them for one dataset, keyed by what they show, within the
// server's gate on expensive work; internal/wms draws its maps through it
// too.
//
// The parameters a picture takes are read in params.go. A new picture
// format is a render.Format, its media type in mapTypes and a route in the
// server's routes; a new parameter is read in mapPicture.
package pictures
