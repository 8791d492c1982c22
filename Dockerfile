# The app image for compose.yaml: gunicorn on port 8000, static files built at start.
FROM python:3.11-slim-bookworm

# PyICU (confusable names) builds against the system's ICU; pg_dump for `flask backup`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev postgresql-client curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/amtsnetz
COPY pyproject.toml README.md LICENSE wsgi.py babel.cfg ./
COPY kb kb
COPY templates templates
COPY static static
COPY migrations migrations
COPY deploy deploy
RUN pip install --no-cache-dir . \
    && pybabel compile -d kb/translations \
    && useradd --system --home /srv/amtsnetz amtsnetz \
    && mkdir -p instance build \
    && chown amtsnetz:amtsnetz instance build

USER amtsnetz
ENV GUNICORN_BIND=0.0.0.0:8000 PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8000/livez || exit 1
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app"]
