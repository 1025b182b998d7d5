"""Models of audit. Other apps read them through selectors, never directly."""
