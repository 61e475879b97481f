# The dashboard in a container: no internet needed at run time (Leaflet, data and layers are
# inside the image). Build: docker build -t kuril-dashboard .  Run: docker run -p 8501:8501 kuril-dashboard
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 app
WORKDIR /app

# The app's lock: every package pinned, each file's hash checked; then the project itself, with
# no dependencies and no build isolation (its setuptools comes from the lock too).
COPY requirements/app.txt ./requirements/app.txt
RUN pip install --require-hashes -r requirements/app.txt
COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
RUN pip install --no-deps --no-build-isolation -e .

COPY app.py ./
COPY .streamlit ./.streamlit
COPY geodata ./geodata
# Bytecode for the package; Leaflet from the xstatic-leaflet wheel; then, as the user the
# server runs as, `prepare`: the map's layer files and the measured data, so a container's
# first reader does not wait for them (the cache is only read back by the user who wrote it).
RUN python -m compileall -q dashboard \
 && python -c "from dashboard.assets import ensure_static_assets; ensure_static_assets()" \
 && mkdir -p /app/.cache && chown -R app:app /app/static /app/.cache
USER app
RUN python -m dashboard prepare

EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).read() == b'ok' else 1)"
# `serve` reads what `prepare` wrote (measuring again only if the data or code changed).
CMD ["python", "-m", "dashboard", "serve", "--server.address", "0.0.0.0", "--server.port", "8501"]
