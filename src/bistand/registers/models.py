"""Models of registers. Other apps read them through selectors, never directly."""
