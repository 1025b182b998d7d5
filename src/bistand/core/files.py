"""Files with personal data or secrets are private from the moment they exist (issue 13 item 8,
docs/adr/0083-private-files.md): the data directory 0700, the SQLite
database and the secret key 0600. Plain Python (settings.py uses it before Django is set up).

Creating a file and then tightening it leaves a moment in which others can open it (and keep it
open); these functions create with the final mode instead, and tighten what already exists and
belongs to this user.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
LOG_FILE = 0o640
# The process's umask: whatever else Bistånd creates (SQLite's -wal/-shm files, static files,
# payment files, dumps) is readable by its own user only.
UMASK = 0o077


def _tighten(path: Path, mode: int) -> None:
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != mode:
        path.chmod(mode)


def private_dir(path: Path) -> Path:
    """`path` (and missing parents) as a directory only its owner can enter."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """`path` as an existing file only its owner can read: created empty with mode 0600 when
    missing (SQLite accepts an empty file as a new database)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        _tighten(path, PRIVATE_FILE)
    return path


def write_private_file(path: Path, text: str) -> bool:
    """Write `text` to a new file with mode 0600; False (and nothing written) if it exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    return True
