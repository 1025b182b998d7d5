"""State changes in accounts: keyword-only, typed functions named <entity>_<action>.

Side effects (jobs, notifications) are scheduled with transaction.on_commit.
"""
