"""Models of decisions. Other apps read them through selectors, never directly."""
