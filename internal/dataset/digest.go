package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
)

// Digest returns the dataset's version: a hash of the bytes of
// dataset.json and of every collection's file, in the order they are
// read. Two loads of the same files have the same digest, whatever the
// machine; any change to any file gives another.
func (ds *Dataset) Digest() string { return ds.digest }

// digester hashes the files of a dataset as they are read. Each file goes
// in with its name and length, so no two sets of files hash alike by
// moving bytes from one to the next.
type digester struct{ h hash.Hash }

func newDigester() *digester { return &digester{h: sha256.New()} }

func (d *digester) add(name string, raw []byte) {
	d.h.Write([]byte(name))
	d.h.Write([]byte{0})
	d.h.Write([]byte(strconv.Itoa(len(raw))))
	d.h.Write([]byte{0})
	d.h.Write(raw)
}

func (d *digester) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }
