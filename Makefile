# jixiao — build, run, test, benchmark. See README.md.
GO        ?= go
BIN       := bin/jixiao
DATA      ?= data
ADDR      ?= 127.0.0.1:8080
PKGS      := ./...
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all build run test vet fmt-check unit fuzz bench bench-web assets web-deps clean realworld

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/jixiao

# Demo corpus → inbox → one ETL pass → serve the API on $(ADDR) (Ctrl-C stops it).
run: build
	$(BIN) serve --data $(DATA) --addr $(ADDR) --demo

# The web page's bundle (dashboards/web/dist, committed): esbuild over
# dashboards/web/src with the locked npm packages. `go build` needs no npm;
# TestBundleFresh fails when dist/ is older than its sources.
assets: web-deps
	cd dashboards/web && node build.mjs

# npm packages of the web page (esbuild, echarts, playwright-core for the
# browser tests), exactly as locked.
web-deps:
	cd dashboards/web && npm ci --no-audit --no-fund

# Everything CI runs.
test: vet fmt-check unit fuzz

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -race -count=1 -timeout 15m $(PKGS)

# Bounded fuzzing of every parser (a few seconds each). A failure prints the
# fuzzer's output. A crasher (saved under testdata/fuzz) fails at once; a target
# whose fuzzing process failed without one (a worker killed on a loaded machine,
# or Go's own "context deadline exceeded" when -fuzztime ends while a worker is
# busy — seen once in ≈ 40 target runs, even on fast targets) gets two more runs.
FUZZTIME ?= 5s
# One target's run: $$f in package $$spec (shell variables of the loop below).
fuzz_one = $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$spec
fuzz:
	@set -e; for spec in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$spec/*_test.go | sed 's/func //'); do \
	    echo "fuzz $$spec $$f"; out=$$(mktemp); \
	    if ! $(fuzz_one) >$$out 2>&1; then \
	      cat $$out; \
	      if grep -q 'Failing input written' $$out; then echo "fuzz $$f found a crasher (saved under testdata/fuzz)"; rm -f $$out; exit 1; fi; \
	      echo "fuzz $$f failed without a crasher; running it again (at most twice)"; \
	      $(fuzz_one) || $(fuzz_one) || { rm -f $$out; exit 1; }; \
	    fi; rm -f $$out; \
	  done; \
	done

# Benchmarks: prints a table of throughput and peak RSS (see scripts/bench.sh).
bench: bench-web
	./scripts/bench.sh

# Dashboard draw times in headless Chromium (navigation start to every chart
# drawn) and each page's script size; screenshots land in $(SHOTS).
SHOTS ?= $(CURDIR)/artifacts/browser
bench-web:
	JIXIAO_SHOTS=$(SHOTS) $(GO) test -count=1 -run 'TestBrowser$$' -v ./api | grep -E 'drawn in|draw times|time went| / |FAIL|SKIP' || true
	$(GO) test -count=1 -run TestBundleSize -v ./dashboards/web | grep -E 'gzip|FAIL' || true

# Recall and precision per layout family: our look-alike fixtures, and the
# saved real published texts when JIXIAO_REALWORLD_DIR names their folder
# (README, "Real-world corpus"). Prints the tables; fails below a floor.
realworld:
	JIXIAO_REALWORLD_DIR=$(JIXIAO_REALWORLD_DIR) $(GO) test -count=1 -v -run 'TestRealworld' ./etl

clean:
	rm -rf bin
