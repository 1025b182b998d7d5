"""The demo, apart from production: synthetic demo data, the register simulator, the history
builder and the pipeline scenarios (docs/adr/0091-demo-apart-from-production.md).

Production apps never import this package (an import-linter contract in pyproject.toml); the
demo imports production services to build its data, as a user of the system would. Everything
here works only on synthetic people (`bistand.synthetic`, personnummer with month + 20).
"""
