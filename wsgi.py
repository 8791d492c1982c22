"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from kb import create_app

app = create_app()
