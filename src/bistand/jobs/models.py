"""Models of jobs. Other apps read them through selectors, never directly."""
