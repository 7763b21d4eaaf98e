# Builds the congress-api server into a small image: the release binary on Debian slim.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin congress-api

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/congress-api congress
COPY --from=build /src/target/release/congress-api /usr/local/bin/congress-api
USER congress
WORKDIR /var/lib/congress-api
ENV BIND_ADDR=0.0.0.0:8000 \
    LOG_FORMAT=json
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000"]
ENTRYPOINT ["congress-api"]
