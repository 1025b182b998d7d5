"""Appeals (överklagande, FL 40–46 §§) and reconsideration (omprövning, FL 37–39 §§)."""
