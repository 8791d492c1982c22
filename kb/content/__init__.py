"""The core of publishable content: publishing state, versions and conflicts, revisions,
the difference between any two of them, and restoring one."""
