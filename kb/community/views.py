from kb.community import blueprint  # noqa: F401
