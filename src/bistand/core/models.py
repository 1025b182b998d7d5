"""Models of core. Other apps read them through selectors, never directly."""
