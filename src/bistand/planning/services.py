"""State changes in planning: keyword-only, typed functions named <entity>_<action>."""
