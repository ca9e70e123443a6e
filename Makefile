# chronoatlas: the two commands a newcomer needs are `make run` and `make test`.
GO       ?= go
# Build and test with Go 1.27.3, which the go command fetches from the
# module proxy on first use: it fixes standard-library vulnerabilities that
# our code reaches in 1.26.x (see `make vulncheck`). Plain `go` commands
# outside make use whatever Go is installed; 1.26.8 or later works.
export GOTOOLCHAIN := go1.27.3
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
BIN      := bin/chronoatlas

.PHONY: all run test build web datatools vet lint fmt fonts fonts-check fuzz bench bench-tiles bench-web data land vulncheck load clean

all: build

## run: serve the embedded Jin–Song atlas on http://localhost:8080
run: web
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/chronoatlas serve -addr :8080

## build: the binary, with the viewer's libraries embedded
build: web fonts-check
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/chronoatlas

# The viewer's front-end libraries come from npm, pinned by
# web/package-lock.json; nothing of them is committed.
WEB_PACKAGE := $(wildcard web/package.json)

## web: install the viewer's pinned front-end libraries into web/vendor
ifneq ($(WEB_PACKAGE),)
web: web/vendor/.stamp

web/vendor/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	cd web && npm run --silent vendor
	touch $@
else
web:
	@true
endif

## datatools: install the data tools' pinned packages (lunar-javascript, with
## which a test checks the table of lunar months); nothing of them is committed
datatools: data/tools/node_modules/.stamp

data/tools/node_modules/.stamp: data/tools/package.json data/tools/package-lock.json
	cd data/tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## test: everything CI runs: formatting, vet, staticcheck, the Go tests with the race
## detector, short fuzzing, and the browser tests
test: web datatools fmt vet lint fonts-check
	$(GO) test -race -count=1 ./...
	$(MAKE) fuzz
ifneq ($(WEB_PACKAGE),)
	cd web && npm test
endif

## fonts: cut the fonts internal/render embeds down to the characters of the
## dataset and of the map's own words (needs Debian's fonts-dejavu-core
## and fonts-droid-fallback); commit the result, about 130 KB
fonts:
	$(GO) run ./cmd/fontsubset

# fonts-check: the committed fonts are those make fonts would write; a
# machine without the source fonts says so and goes on, except in CI.
fonts-check:
	@if [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || [ "$$CI" = true ]; then \
		$(GO) run ./cmd/fontsubset -check; \
	else echo "fonts-check skipped: install fonts-droid-fallback to check internal/render/fonts"; fi

fmt:
	@out=$$(gofmt -l cmd geo internal data web); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck, pinned; go run fetches it through the module proxy the first
# time (a few minutes) and keeps it in the build cache, without adding it to
# go.mod. Pick a release that supports the Go in GOTOOLCHAIN.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

## lint: staticcheck over every package, tests included; it must be clean
lint:
	$(GO) run $(STATICCHECK) ./...
	$(GO) run ./cmd/sizecheck

## fuzz: run each fuzz test briefly (FUZZTIME=10s by default)
FUZZTIME ?= 10s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

## load: a mixed load at 256 connections for 30 s on loopback; prints
## requests/s, latency percentiles, errors and the server's memory
load:
	$(GO) run ./cmd/loadtest -connections 256 -duration 30s

## vulncheck: govulncheck against the Go vulnerability database, built
## offline from the golang.org/x/vulndb module (CI runs it too)
vulncheck:
	.ci/vulncheck

## bench: the Go benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-tiles: cached tiles from chronoatlas against the same bytes from
## nginx, with wrk on loopback (needs nginx and wrk)
bench-tiles:
	$(GO) run ./cmd/tilebench -duration 10s -rounds 7

## bench-web: the viewer's timing, judged: Lighthouse's performance at least
## 0.95 on / and /embed (mobile and desktop presets, best of up to five runs)
## and the slider's repaint within 50 ms (best of three rounds); run it on a
## quiet machine (needs chromium)
bench-web: web
	cd web && JUDGE_TIMING=true node test/run.mjs lighthouse viewer

## data: rebuild the embedded dataset's territories, rivers and frontiers
## from their authored sources in data/src
data:
	$(GO) run ./cmd/atlasbuild

## land: rebuild the land from Natural Earth (world-atlas, installed by
## `make web`), then everything that depends on it
land: web
	$(GO) run ./cmd/atlasbuild -coast web/node_modules/world-atlas/land-50m.json

clean:
	rm -rf bin web/node_modules web/vendor/.stamp data/tools/node_modules
