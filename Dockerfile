# conflict-kg: the HTTP service on 0.0.0.0:8000, with the seed articles ingested.
# Reads are open; writes (articles, SPARQL updates, graph store) are closed unless the container gets
# KG_UPDATE_TOKEN, and then need `Authorization: Bearer <token>`:
#   docker run -p 8000:8000 -e KG_UPDATE_TOKEN=... -v kg-data:/data conflict-kg

# -- build: Python packages and the explorer's map outlines (npm is needed here only) ---------------
FROM python:3.11-slim-bookworm AS build
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN python -m venv /opt/venv
COPY requirements.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes --no-deps -r requirements.txt
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY api ./api
COPY queries ./queries
COPY ontology ./ontology
COPY seeds ./seeds
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation -e . \
    && /opt/venv/bin/pip check

# -- runtime: no compilers, no npm, not root ------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PATH=/opt/venv/bin:$PATH KG_DATA=/data
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kg \
    && mkdir /data && chown kg:kg /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
RUN rm -rf /app/node_modules && mkdir -p /app/node_modules
COPY --from=build /app/node_modules/world-atlas /app/node_modules/world-atlas
WORKDIR /app
USER kg
RUN kg ingest --if-empty seeds

EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
