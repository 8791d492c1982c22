from kb.articles import blueprint  # noqa: F401
