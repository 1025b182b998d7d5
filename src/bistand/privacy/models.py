"""No tables: the privacy app reads and prunes other apps' data through their own functions."""
