"""Models of messaging. Other apps read them through selectors, never directly."""
