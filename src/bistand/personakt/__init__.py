"""The person and the case for staff: who the person is and everything in the case (issue 14.1)."""
