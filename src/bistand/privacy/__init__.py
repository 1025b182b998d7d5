"""Privacy: retention (gallring) by dated rules, and the citizen's own data (GDPR art. 15)."""
