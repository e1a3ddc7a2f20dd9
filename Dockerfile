# The site as one container image: gunicorn serving Django, static files by WhiteNoise.
# `docker compose up --build` runs it with PostgreSQL and Redis (compose.yaml); README "Deploying".

# Front end: GOV.UK Frontend compiled with Sass into static/dist.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ frontend/
RUN node frontend/build.mjs

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --system --uid 10001 --no-create-home --home-dir /app careers

# Dependencies first, in a layer of their own that changes only with pyproject.toml.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
COPY --from=frontend /src/static/dist static/dist
# Hashed, compressed static files, baked into the image. The key and database are placeholders:
# collectstatic needs settings to load, not to connect to anything.
RUN SECRET_KEY=collectstatic-only ENV_FILE=/dev/null DATABASE_URL=sqlite:////tmp/unused.sqlite3 \
    python manage.py collectstatic --noinput --verbosity 0

USER careers
ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
# /healthz checks the database and cache; ask under a name the site answers to.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD \
    python -c "import os, urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': os.environ['ALLOWED_HOSTS'].split(',')[0].lstrip('.')}), timeout=4)"
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
