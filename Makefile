# jixiao — build, run, test, benchmark. See README.md.
GO        ?= go
BIN       := bin/jixiao
DATA      ?= data
ADDR      ?= 127.0.0.1:8080
PKGS      := ./...
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all build run test vet fmt-check unit fuzz bench clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/jixiao

# Demo corpus → inbox → one ETL pass → serve the API on $(ADDR) (Ctrl-C stops it).
run: build
	$(BIN) serve --data $(DATA) --addr $(ADDR) --demo

# Everything CI runs.
test: vet fmt-check unit fuzz

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -race -count=1 -timeout 15m $(PKGS)

# Bounded fuzzing of every parser (a few seconds each).
FUZZTIME ?= 5s
fuzz:
	@set -e; for spec in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$spec/*_test.go | sed 's/func //'); do \
	    echo "fuzz $$spec $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$spec >/dev/null || exit 1; \
	  done; \
	done

# Benchmarks: prints a table of throughput and peak RSS (see scripts/bench.sh).
bench:
	./scripts/bench.sh

clean:
	rm -rf bin
