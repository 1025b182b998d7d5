"""The shared queue, manual decisions, meetings and action plans."""
