# conflict-kg: the HTTP service on 0.0.0.0:8000, with the seed articles ingested.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 KG_DATA=/data
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY api ./api
COPY queries ./queries
COPY ontology ./ontology
COPY seeds ./seeds
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . \
    && pip check \
    && kg ingest --if-empty seeds

EXPOSE 8000
VOLUME ["/data"]
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
