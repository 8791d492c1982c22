"""How tests/data/release-0004.json.gz was made: in a checkout of the release before the
content core (commit 3885b0a, migrations up to 0004_registry_cases), with that checkout's
virtual environment:

    .venv/bin/python tests/data/make_release_fixture.py /tmp/release-0004.json
    gzip -9 -c /tmp/release-0004.json > tests/data/release-0004.json.gz

It loads the demo content, then registers a member who publishes and edits an entry,
comments, likes, bookmarks, lists an event and starts a case study, all through the
release's own pages, and dumps every table. tests/test_upgrade.py loads the dump into a
database at that revision and upgrades it. This script is not run by the suite (it needs
the old release's code)."""
import json, sys, re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from kb import create_app
from kb.extensions import db
from flask_migrate import upgrade
from sqlalchemy import select, text

out = Path(sys.argv[1])
app = create_app({"KB_ENV": "testing", "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(out.with_suffix(".db")), "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "KB_PAGE_CACHE_SECONDS": 0})
with app.app_context():
    upgrade(directory="migrations")
    from kb import demo
    demo.load()
    db.session.commit()
client = app.test_client()
r = client.post("/auth/register", data={"email": "marta.neumann@landkreis-beispiel.de", "password": "korrekt-pferd-batterie-heftklammer", "display_name": "Marta Neumann"})
assert r.status_code == 303, r.status_code
r = client.post("/articles/new", data={"title": "Netiquette im Landkreis", "summary": "Wie wir moderieren.", "body": "## Regeln\n\nFreundlich bleiben.", "topics": ["hate-speech-moderation"], "platforms": ["facebook"], "action": "publish"})
assert r.status_code == 303, r.status_code
slug = r.headers["Location"].rsplit("/", 1)[-1]
page = client.get(f"/articles/{slug}/edit").get_data(as_text=True)
version = re.search(r'name="version" type="hidden" value="(\d+)"', page) or re.search(r'name="version"[^>]*value="(\d+)"', page)
r = client.post(f"/articles/{slug}/edit", data={"title": "Netiquette im Landkreis", "summary": "Wie wir moderieren.", "body": "## Regeln\n\nFreundlich und sachlich bleiben.", "version": version.group(1), "note": "Sachlich ergänzt", "action": "save"})
assert r.status_code == 303, r.status_code
with app.app_context():
    from kb.articles.models import Article
    article_id = db.session.scalar(select(Article.id).where(Article.slug == "darf-eine-behoerde-eine-facebook-seite-betreiben"))
r = client.post(f"/community/article/{article_id}/comments", data={"body": "Danke, sehr hilfreich!", "submission_key": "m" * 32})
assert r.status_code == 303, r.status_code
r = client.post(f"/community/article/{article_id}/like", data={"liked": "1"})
r = client.post(f"/community/article/{article_id}/bookmark", data={"bookmarked": "1"})
r = client.post("/events/new", data={"title": "Social-Media-Stammtisch Landkreis", "description": "Austausch", "format": "meetup", "starts_at": "2027-02-04T18:30", "ends_at": "2027-02-04T21:00", "timezone": "Europe/Berlin", "attendance_mode": "online", "online_url": "https://meet.example/stammtisch", "language": "de", "is_free": "y"})
assert r.status_code == 303, (r.status_code, r.get_data(as_text=True)[:3000])
r = client.post("/cases/new", data={"title": "Krisenkommunikation beim Hochwasser", "summary": "Wie der Landkreis im Hochwasser informierte.", "authority": "Stadt Erlangen", "start_year": "2021", "running": "y", "topics": ["krisenkommunikation"]})
assert r.status_code == 303, (r.status_code, r.get_data(as_text=True)[-3000:])

def plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value

with app.app_context():
    dump = {"revision": db.session.scalar(text("SELECT version_num FROM alembic_version")), "tables": {}}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        dump["tables"][table.name] = [{k: plain(v) for k, v in row.items()} for row in rows]
out.write_text(json.dumps(dump, ensure_ascii=False, indent=0, sort_keys=True))
print({k: len(v) for k, v in dump["tables"].items()})
