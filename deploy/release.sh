#!/bin/sh
# A release on one server (README, "Releases"): new code, migrations, then a graceful reload.
# Run as the app's user in /srv/amtsnetz with the production environment loaded:
#   set -a; . /etc/amtsnetz/env; set +a; sh deploy/release.sh
set -eu
.venv/bin/pip install --quiet .
.venv/bin/pybabel compile --statistics -d kb/translations >/dev/null
# Migrations before the new workers start; the old workers keep serving meanwhile. Where a
# release's notes say its migration does not suit the running code, stop the service first.
.venv/bin/flask --app wsgi db upgrade
sudo systemctl reload amtsnetz
# Ready when /healthz says so (database at the migrations' head, Redis answering).
for _ in $(seq 1 30); do
    if curl -fsS http://127.0.0.1:8000/healthz >/dev/null; then
        echo "release: ready"
        exit 0
    fi
    sleep 1
done
echo "release: /healthz did not answer 200 within 30 s" >&2
exit 1
