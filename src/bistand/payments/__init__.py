"""Payment orders (exactly once), pain.001 files, returns and återkrav."""
