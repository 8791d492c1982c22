"""gunicorn settings for production (deploy/amtsnetz.service, compose.yaml).

Sync workers: the app does its work in the request (database, templates), and the
reverse proxy buffers slow clients. Two to four workers per core.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count(), 8)))
worker_class = "sync"
# A request that takes longer is stopped (its worker restarts); the proxy answers 502.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: memory of a long-lived process stays bounded.
max_requests = 5000
max_requests_jitter = 500
# Let the proxy's address through only; the app trusts KB_TRUSTED_PROXIES hops (ProxyFix).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = "info"
