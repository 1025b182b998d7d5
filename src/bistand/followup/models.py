"""Models of followup. Other apps read them through selectors, never directly."""
