package feature

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Text returns a property value as text, the one way every output that
// needs text writes it (filters, KML, HTML, tiles' lists): a string as it
// is, a number in plain decimal without an exponent (1500000, 0.25, -3),
// a boolean as true or false, nothing as "", and a list or an object as
// compact JSON without HTML escaping.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
