"""Documents a citizen uploads (stickprov on Min sida, docs/adr/0176; a komplettering's
attachments, docs/adr/0216): what type a file is, read from its content, and writing it to a
private directory with mode 0600 from the moment it exists.

The browser's declared type and the file name say nothing reliable: the first bytes decide. Only
PDF, JPEG and PNG are kept. Files are stored under a random name, never the citizen's, in a
directory inside the 0700 data directory, outside the web root. Messages are for the citizen, in
the page's language.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .files import PRIVATE_FILE, private_dir

# (magic bytes at offset 0, content type, file extension)
KINDS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG-bild", "image/png": "PNG-bild"}


class DocumentError(ValueError):
    """The file cannot be kept (message in Swedish, for the citizen)."""


def sniff(head: bytes) -> tuple[str, str]:
    """(content type, extension) from the file's first bytes; DocumentError if not allowed."""
    for magic, content_type, extension in KINDS:
        if head.startswith(magic):
            return content_type, extension
    raise DocumentError(
        _(
            "Filen är inte en PDF, JPEG- eller PNG-bild. Spara den som PDF eller ta ett foto och "
            "försök igen."
        )
    )


@dataclass(frozen=True)
class Stored:
    stored_name: str
    content_type: str
    size: int
    sha256: str


def store(chunks: Iterable[bytes], *, directory: Path, max_bytes: int) -> Stored:
    """Write the file under a new random name with mode 0600; checks type and size as it reads.
    Nothing is left on disk when it is refused."""
    private_dir(directory)
    iterator = iter(chunks)
    first = b""
    for chunk in iterator:
        first += chunk
        if len(first) >= 16:
            break
    if not first:
        raise DocumentError(_("Filen är tom."))
    content_type, extension = sniff(first)
    name = f"{secrets.token_hex(16)}.{extension}"
    path = directory / name
    digest = hashlib.sha256()
    size = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in _chain(first, iterator):
                size += len(chunk)
                if size > max_bytes:
                    raise DocumentError(
                        _("Filen är för stor. Den får vara högst %(mb)s MB.")
                        % {"mb": max_bytes // (1024 * 1024)}
                    )
                digest.update(chunk)
                handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Stored(stored_name=name, content_type=content_type, size=size, sha256=digest.hexdigest())


def _chain(first: bytes, rest: Iterable[bytes]) -> Iterable[bytes]:
    yield first
    yield from rest


def path_for(stored_name: str, directory: Path) -> Path:
    """The stored file's path; refuses anything but a plain name made by `store`."""
    if "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise DocumentError("Ogiltigt filnamn.")  # never the citizen's input: not translated
    return directory / stored_name
