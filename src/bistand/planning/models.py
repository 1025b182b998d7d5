"""Models of planning. Other apps read them through selectors, never directly."""
