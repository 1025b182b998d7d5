"""Models of payments. Other apps read them through selectors, never directly."""
