"""Durable background jobs (django-q2 ORM broker): enqueue on commit, retries with back-off."""
