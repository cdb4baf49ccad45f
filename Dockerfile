# kimbot: docker build -t kimbot . && docker run -v $PWD/config.toml:/config/config.toml:ro \
#   -v kimbot-data:/data kimbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY commands ./commands
COPY domain ./domain
COPY storage ./storage
COPY i18n ./i18n
COPY web ./web
# matrix-nio[e2e] brings vodozemac as a wheel; nothing needs compiling.
RUN pip install --no-cache-dir . \
    && useradd --system --home-dir /data --uid 10001 kimbot \
    && mkdir -p /data /config && chown kimbot /data

USER kimbot
VOLUME ["/data"]
# In the mounted config, set [bot] data_dir = "/data" (the database lives there by default).
ENTRYPOINT ["kimbot"]
CMD ["run", "--config", "/config/config.toml"]
