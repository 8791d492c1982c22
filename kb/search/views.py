"""/search (page or, for htmx, the results only) and /opensearch.xml."""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _

from kb.htmx import render
from kb.search import blueprint, facets, service
from kb.search.arguments import parse
from kb.search.index import searchable_types


@blueprint.route("/search")
def index() -> Response:
    arguments = parse(request.args)
    results = service.Results()
    asked = None
    if not arguments.errors and (arguments.query or arguments.is_filtered):
        asked = service.parse(arguments.query, arguments.filters(), arguments.page)
        results = service.search(asked)
        if arguments.page > 1 and arguments.page > results.pages:
            arguments.errors.append(_("There is no such page of results."))
            status = 404
        else:
            status = 200
    else:
        status = 400 if arguments.errors else 200
    return render(
        "search/index.html",
        block="results",
        status=status,
        arguments=arguments,
        asked=asked,
        results=results,
        facet_groups=facets.groups(results, arguments),
        types=searchable_types(),
        fallback=facets.fallback() if asked is not None and not results.total else None,
    )


@blueprint.route("/opensearch.xml")
def opensearch() -> Response:
    body = render_template(
        "search/opensearch.xml", search_url=url_for("search.index", _external=True)
    )
    return Response(body, mimetype="application/opensearchdescription+xml")
