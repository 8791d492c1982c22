"""Topics and platforms: the shared vocabulary of entries, case studies and events."""
