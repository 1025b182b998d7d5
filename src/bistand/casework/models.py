"""Models of casework. Other apps read them through selectors, never directly."""
