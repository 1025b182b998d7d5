"""Models of appeals. Other apps read them through selectors, never directly."""
