"""A minimal OpenFisca country package with the same riksnorm as bistand.rules, for the bench."""
