# The dashboard in a container: no internet needed at run time (Leaflet, data and layers are
# inside the image). Build: docker build -t kuril-dashboard .  Run: docker run -p 8501:8501 kuril-dashboard
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 app
WORKDIR /app

COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
RUN pip install -e .

COPY app.py ./
COPY .streamlit ./.streamlit
COPY geodata ./geodata
# Leaflet from the xstatic-leaflet wheel, and the map's layer files, written at build time so
# the image serves them read-only; the app user owns static/ in case DASHBOARD_DATA differs.
RUN python -c "from dashboard.assets import ensure_static_assets; ensure_static_assets()" \
 && python -c "from dashboard.atlas import Atlas; from dashboard.data import load_dataset; \
from dashboard.scenarios import Scenarios; from dashboard.layers import write_layer_files; \
from dashboard.config import data_dir; a = Atlas(load_dataset(data_dir())); \
write_layer_files(a, Scenarios(a))" \
 && chown -R app:app /app/static

USER app
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).read() == b'ok' else 1)"
# `serve` loads and measures the data while the server starts (see dashboard/bundle.py).
CMD ["python", "-m", "dashboard", "serve", "--server.address", "0.0.0.0", "--server.port", "8501"]
