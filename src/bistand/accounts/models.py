"""Models of accounts. Other apps read them through selectors, never directly."""
