"""Models of applications. Other apps read them through selectors, never directly."""
