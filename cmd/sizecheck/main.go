// Command sizecheck keeps the code within the sizes a newcomer can read:
// no package outside cmd/ over -package lines of non-test Go, no function
// (test functions and cmd/ included) over -func lines, and no viewer
// script over -script lines. make lint runs it; it prints what is over
// and exits 1.
//
//	go run ./cmd/sizecheck [-package 1500] [-func 100] [-script 300] [root]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Limits are the largest sizes allowed, in lines.
type Limits struct {
	Package, Func, Script int
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sizecheck:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fl := flag.NewFlagSet("sizecheck", flag.ContinueOnError)
	var lim Limits
	fl.IntVar(&lim.Package, "package", 1500, "most lines of non-test Go in a package outside cmd/")
	fl.IntVar(&lim.Func, "func", 100, "most lines in a Go function")
	fl.IntVar(&lim.Script, "script", 300, "most lines in a viewer script (web/js)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	root := "."
	if fl.NArg() > 0 {
		root = fl.Arg(0)
	}
	over, err := check(root, lim)
	if err != nil {
		return err
	}
	for _, o := range over {
		fmt.Fprintln(out, o)
	}
	if len(over) > 0 {
		return fmt.Errorf("%d over the limits (package %d, func %d, script %d lines)", len(over), lim.Package, lim.Func, lim.Script)
	}
	return nil
}

// check walks root and returns a line for each package, function or
// script over its limit.
func check(root string, lim Limits) ([]string, error) {
	pkgLines := map[string]int{}
	var over []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "vendor", "testdata", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(path, ".go"):
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if !strings.HasSuffix(path, "_test.go") && !strings.HasPrefix(rel, "cmd"+string(filepath.Separator)) {
				pkgLines[filepath.Dir(rel)] += lines(src)
			}
			f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
				if n > lim.Func {
					over = append(over, fmt.Sprintf("%s:%d: func %s is %d lines", rel, fset.Position(fn.Pos()).Line, fn.Name.Name, n))
				}
			}
		case strings.HasPrefix(rel, filepath.Join("web", "js")+string(filepath.Separator)) && strings.HasSuffix(path, ".js"):
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if n := lines(src); n > lim.Script {
				over = append(over, fmt.Sprintf("%s: %d lines", rel, n))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var pkgs []string
	for p, n := range pkgLines {
		if n > lim.Package {
			pkgs = append(pkgs, fmt.Sprintf("%s: package of %d lines", p, n))
		}
	}
	sort.Strings(pkgs)
	return append(pkgs, over...), nil
}

// lines counts the lines of src.
func lines(src []byte) int {
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		n++
	}
	return n
}
