// Package params reads what a request asks for: the representation it
// wants (negotiate.go: the f parameter and the Accept header), the
// parameters every route shares (params.go: datetime, bbox, limits, the
// refusal of unknown or repeated parameters and of query strings net/http
// would silently cut short), and those of the OGC API Features items
// routes (items.go: CQL2 filter, sortby, properties).
//
// Each function returns fault.Param errors naming the bad parameter, which
// the handlers answer as 400 problems. A new output format of features
// starts here, as a Format and its cases in pickFormat; the server's
// handleItems and handleItem then write it.
package params
