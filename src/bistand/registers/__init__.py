"""Register data from the SSBTEK sources, fetched with purpose and legal basis."""
