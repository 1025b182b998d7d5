"""People who log in: citizens (e-ID) and staff (roles)."""
