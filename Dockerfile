FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
COPY config ./config
COPY catalog ./catalog
COPY testimony ./testimony
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=collectstatic DATABASE_URL=postgres://unused/unused python manage.py collectstatic --noinput
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && SECRET_KEY=compile DATABASE_URL=postgres://unused/unused python manage.py compilemessages \
    && apt-get purge -y gettext && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app catalogue && mkdir -p /data/media && chown catalogue /data/media
USER catalogue
EXPOSE 8000
# exec form: gunicorn is PID 1, so `docker stop` reaches it and it stops gracefully.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--graceful-timeout", "20", "--access-logfile", "-"]
