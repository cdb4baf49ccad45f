# kimbot's image: Debian's python3 with the bot in a venv at /opt/kimbot; runs as a non-root
# user; no compilers in the final stage.
#
#   make image                                   # here: buildah, a Debian base made by debootstrap
#   docker build -t kimbot .                     # or podman build; BASE from a registry
#   docker run -v "$PWD/config.toml:/config/config.toml:ro" -v kimbot-data:/data kimbot
#
# BASE must be Debian bookworm (its python3 is 3.11): the venv is made in the first stage and
# runs on the second's interpreter.
ARG BASE=debian:bookworm-slim

FROM ${BASE} AS build
# Where the build reaches PyPI through a TLS-inspecting proxy: that proxy's CA bundle, mounted
# into the build (contrib/image/build does it from PIP_CERT); used by pip only, never kept.
ARG CA_BUNDLE=
ENV DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md LICENSE /src/
COPY bot /src/bot
COPY commands /src/commands
COPY domain /src/domain
COPY storage /src/storage
COPY i18n /src/i18n
COPY web /src/web
# Every dependency comes as a wheel for CPython 3.11 on x86-64 and arm64 (vodozemac for the
# encryption among them): nothing is compiled, so the build stage needs no compiler either.
RUN python3 -m venv /opt/kimbot \
    && /opt/kimbot/bin/pip install ${CA_BUNDLE:+--cert "$CA_BUNDLE"} --only-binary=:all: \
        --upgrade pip \
    && /opt/kimbot/bin/pip install ${CA_BUNDLE:+--cert "$CA_BUNDLE"} --prefer-binary /src \
    && /opt/kimbot/bin/python -m compileall -q /opt/kimbot/lib

FROM ${BASE}
ENV DEBIAN_FRONTEND=noninteractive PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PATH=/opt/kimbot/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
    && useradd --system --home-dir /data --uid 10001 --user-group kimbot \
    && mkdir -p /data /config && chown kimbot:kimbot /data
COPY --from=build /opt/kimbot /opt/kimbot

USER kimbot
WORKDIR /data
VOLUME ["/data"]
# In the mounted config, set [bot] data_dir = "/data" (the SQLite database lives there unless
# [database] url names PostgreSQL) and [http] bind = "0.0.0.0".
EXPOSE 8080
ENTRYPOINT ["kimbot"]
CMD ["run", "--config", "/config/config.toml"]
