"""State changes in appeals: keyword-only, typed functions named <entity>_<action>."""
