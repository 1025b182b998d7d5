"""Follow-up figures for the enhetschef: self-sufficiency, lead times, digital share."""
