# Build: cgo is needed for DuckDB (the driver bundles its library).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-X main.version=${VERSION}" -o /out/jixiao ./cmd/jixiao

# Run: poppler-utils (pdftotext, pdftoppm) reads PDF reports; LibreOffice Writer
# and Calc convert legacy .doc/.wps and .xls/.et files; tesseract with its
# simplified-Chinese data reads scanned PDFs and photos; Noto CJK lets both lay out Chinese text; curl serves the healthcheck.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk \
       ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data jixiao \
    && mkdir -p /data /inbox && chown jixiao /data /inbox
COPY --from=build /out/jixiao /usr/local/bin/jixiao
USER jixiao
VOLUME ["/data", "/inbox"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["jixiao"]
CMD ["serve", "--data", "/data", "--inbox", "/inbox", "--addr", "0.0.0.0:8080"]
