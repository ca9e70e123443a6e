package tile

import (
	"encoding/binary"
	"errors"
)

// ErrMalformed is returned for bytes that are not a vector tile.
var ErrMalformed = errors.New("tile: malformed vector tile")

// ExtractLayer returns the layer of an encoded vector tile named name, as a
// vector tile of its own: the bytes of that one layer message, which is
// itself a valid tile. It reports false when the tile has no such layer.
// The tile is read, never decoded: a layer's features are copied as they
// are.
func ExtractLayer(mvt []byte, name string) ([]byte, bool, error) {
	for i := 0; i < len(mvt); {
		key, n := binary.Uvarint(mvt[i:])
		if n <= 0 {
			return nil, false, ErrMalformed
		}
		start := i
		i += n
		field, wire := key>>3, key&7
		var body []byte
		switch wire {
		case 0:
			_, m := binary.Uvarint(mvt[i:])
			if m <= 0 {
				return nil, false, ErrMalformed
			}
			i += m
			continue
		case 2:
			size, m := binary.Uvarint(mvt[i:])
			if m <= 0 || size > uint64(len(mvt)-i-m) {
				return nil, false, ErrMalformed
			}
			i += m
			body = mvt[i : i+int(size)]
			i += int(size)
		case 1:
			i += 8
		case 5:
			i += 4
		default:
			return nil, false, ErrMalformed
		}
		if i > len(mvt) {
			return nil, false, ErrMalformed
		}
		if field != 3 || wire != 2 {
			continue
		}
		got, err := layerName(body)
		if err != nil {
			return nil, false, err
		}
		if got == name {
			return mvt[start:i], true, nil
		}
	}
	return nil, false, nil
}

// layerName reads the name (field 1) of a layer message.
func layerName(layer []byte) (string, error) {
	for i := 0; i < len(layer); {
		key, n := binary.Uvarint(layer[i:])
		if n <= 0 {
			return "", ErrMalformed
		}
		i += n
		switch key & 7 {
		case 0:
			_, m := binary.Uvarint(layer[i:])
			if m <= 0 {
				return "", ErrMalformed
			}
			i += m
		case 2:
			size, m := binary.Uvarint(layer[i:])
			if m <= 0 || size > uint64(len(layer)-i-m) {
				return "", ErrMalformed
			}
			i += m
			if key>>3 == 1 {
				return string(layer[i : i+int(size)]), nil
			}
			i += int(size)
		case 1:
			i += 8
		case 5:
			i += 4
		default:
			return "", ErrMalformed
		}
	}
	return "", ErrMalformed
}
