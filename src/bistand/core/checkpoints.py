"""Named checkpoints in long operations: the test-only seam for fault injection.

Production code marks the points where a crash must be survivable, e.g.
`checkpoint("payment_file.assign")`. In production nothing happens there: no setting, no
environment variable and no sleep decide anything. A test (or a test's runner process, see
tests/payments/pause_runner.py) installs a hook with `install` to stop, kill or fail the process
at a named point and prove that the operation recovers (docs/adr/0091).
"""

from __future__ import annotations

from collections.abc import Callable

Hook = Callable[[str], None]

_hook: Hook | None = None


def checkpoint(name: str) -> None:
    """Mark a point where the process may be stopped; calls the installed hook, if any."""
    if _hook is not None:
        _hook(name)


def install(hook: Hook | None) -> Hook | None:
    """Install `hook` (None removes it); returns the hook it replaced."""
    global _hook
    previous, _hook = _hook, hook
    return previous
