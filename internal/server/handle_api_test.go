package server

import (
	"context"
	"testing"

	"github.com/chronoatlas/chronoatlas/internal/openapi"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gorilla/mux"
)

// TestOpenAPI checks that /api is a valid OpenAPI 3.0 document that names
// every route and the filters of each collection.
func TestOpenAPI(t *testing.T) {
	s := mustServer(t)
	res := get(t, s, "GET", "/api", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(mustBody(t, res))
	if err != nil {
		t.Fatalf("not an OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	for _, p := range []string{"/", "/conformance", "/collections", "/collections/{collectionId}/items", "/collections/{collectionId}/items/{featureId}", "/tiles/{z}/{x}/{y}.mvt", "/collections/territories/items"} {
		if doc.Paths.Find(p) == nil {
			t.Errorf("path %s missing", p)
		}
	}
	var names []string
	for _, ref := range doc.Paths.Find("/collections/territories/items").Get.Parameters {
		names = append(names, ref.Value.Name)
	}
	want := map[string]bool{"polity": false, "bbox": false, "datetime": false, "limit": false}
	for _, n := range names {
		if _, ok := want[n]; ok {
			want[n] = true
		}
	}
	for n, found := range want {
		if !found {
			t.Errorf("territories items: parameter %s missing (have %v)", n, names)
		}
	}
}

// TestEveryRouteDocumented checks that each route the router registers,
// and the tile route it skips, is a path of the OpenAPI document.
func TestEveryRouteDocumented(t *testing.T) {
	listed := map[string]bool{}
	for _, p := range openapi.Paths() {
		listed[p.Path] = true
	}
	routes := []string{tileRoute}
	err := mustServer(t).router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := r.GetPathTemplate()
		routes = append(routes, tpl)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range routes {
		if tpl == "/web/{path:.+}" {
			continue // the viewer's files, not part of the API
		}
		if !listed[tpl] {
			t.Errorf("route %s is not in openapi.Paths", tpl)
		}
	}
}
