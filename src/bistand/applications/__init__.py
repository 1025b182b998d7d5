"""Applications for ekonomiskt bistånd: drafts, submission, channels (digital/paper)."""
