# Summit Desk's production image: the same bin/serve and Procfile as `make serve`.
# compose.yaml runs it as "web" (bin/serve web) and "worker" (honcho start worker).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 10001 summit
COPY pyproject.toml README.md ./
COPY newsnlp newsnlp
COPY infrastructure infrastructure
COPY summit summit
COPY articles articles
COPY annotations annotations
COPY compare compare
RUN pip install --no-cache-dir .
COPY . .
RUN chown -R summit /app
USER summit

EXPOSE 8000
CMD ["sh", "bin/serve", "web"]
