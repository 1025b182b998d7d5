"""State changes in messaging: keyword-only, typed functions named <entity>_<action>."""
