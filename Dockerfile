# Build: cgo is needed for DuckDB.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -o /out/jixiao ./cmd/jixiao

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/jixiao /usr/local/bin/jixiao
ENTRYPOINT ["jixiao"]
