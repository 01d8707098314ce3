"""Session limits of the workshop app: a workshop room is many laptops on one server.

A *session* is one browser page's virtual kernel (solara's unit of per-visitor state: the running
town, its twin, the charts). The server keeps a session only while someone can use it:

- **Play stops when the page goes away.** The play loop checks, before each step, that the page
  is still connected; when it has had no connected page for ``DISCONNECT_GRACE_S`` seconds (a
  closed tab, a laptop put to sleep) it pauses, so a town left playing stops using the CPU.
- **Gone sessions expire.** Solara keeps a session whose page disconnected for its *cull
  timeout*, so that a reloading page gets its town back; the app sets it to
  ``--session-minutes`` (default ``SESSION_MINUTES``) instead of solara's day. When a session
  closes, its memory is collected and handed back to the system (``malloc_trim``).
- **At most ``--max-sessions`` sessions** (default ``MAX_SESSIONS``) hold a town at once; a
  page opened beyond that shows a short "the workshop is full" note and builds nothing.

See docs/reliability.md for how each limit is tested.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
import time

SESSION_MINUTES = 10.0
"""Minutes a session whose page has gone is kept (for a reload) before it is closed."""
MAX_SESSIONS = 40
"""Sessions holding a town at once: a room of laptops, each about 20 MB."""
DISCONNECT_GRACE_S = 3.0
"""Seconds without a connected page before the play loop pauses (a reload reconnects within)."""
MAX_SESSIONS_ENV = "SAFECITY_APP_MAX_SESSIONS"

_lock = threading.Lock()
_admitted: set[str] = set()  # kernel ids holding a town
_refused: set[str] = set()  # kernel ids shown the "full" note


def max_sessions() -> int:
    """The configured cap (``--max-sessions``, via the environment the server sets)."""
    value = os.environ.get(MAX_SESSIONS_ENV, "")
    return int(value) if value.isdigit() else MAX_SESSIONS


def _context():
    from solara.server import kernel_context

    if not kernel_context.has_current_context():
        return None
    return kernel_context.get_current_context()


def on_session_start():
    """Solara kernel-start callback: admit the session if there is room; return the clean-up
    solara calls when the session closes."""
    context = _context()
    if context is None:
        return None
    key = context.id
    with _lock:
        if len(_admitted) < max_sessions():
            _admitted.add(key)
        else:
            _refused.add(key)

    def close() -> None:
        with _lock:
            _admitted.discard(key)
            _refused.discard(key)
        release_memory_later()

    return close


def admitted() -> bool:
    """Whether the current session may hold a town (outside a solara session: yes)."""
    context = _context()
    if context is None:
        return True
    with _lock:
        if context.id in _refused:
            return False
        if context.id not in _admitted:  # started before the callback was registered
            if len(_admitted) >= max_sessions():
                _refused.add(context.id)
                return False
            _admitted.add(context.id)
        return True


def counts() -> tuple[int, int]:
    """``(sessions holding a town, sessions shown the full note)``."""
    with _lock:
        return len(_admitted), len(_refused)


class PageWatch:
    """Whether the page of the session it was made in is still there (made during a render,
    read from the play loop's thread)."""

    def __init__(self) -> None:
        self._context = _context()
        self._gone_since: float | None = None

    def gone(self, grace_s: float = DISCONNECT_GRACE_S) -> bool:
        """Whether the session has had no connected page for ``grace_s`` seconds, or closed."""
        context = self._context
        if context is None:
            return False
        if context.closed_event.is_set():
            return True
        from solara.server.kernel_context import PageStatus

        if PageStatus.CONNECTED in tuple(context.page_status.values()):
            self._gone_since = None
            return False
        now = time.monotonic()
        if self._gone_since is None:
            self._gone_since = now
        return now - self._gone_since >= grace_s


_libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
_release_lock = threading.Lock()
_release_due: float | None = None
"""When the pending release runs (monotonic seconds); ``None`` when none is pending."""
TRIM_DELAY_S = 2.0
"""Seconds after the last session of a burst closes before memory is collected and returned
(solara drops its own references to a session first)."""


def release_memory_later() -> None:
    """Collect the garbage of closed sessions and return freed memory to the system, once for
    a burst of closings, :data:`TRIM_DELAY_S` after the last of them (each closing pushes the
    release back, so no session closed during the wait is left out)."""
    global _release_due
    with _release_lock:
        pending = _release_due is not None
        _release_due = time.monotonic() + TRIM_DELAY_S
    if pending:
        return

    def release() -> None:
        global _release_due
        while True:
            with _release_lock:
                wait = _release_due - time.monotonic()
                if wait <= 0:
                    _release_due = None
                    break
            time.sleep(wait)
        gc.collect()
        trim = getattr(_libc, "malloc_trim", None)
        if trim is not None:  # glibc: hand freed heap pages back to the system
            trim(0)

    thread = threading.Thread(target=release, daemon=True, name="safecity-release-memory")
    thread.current_context = None  # type: ignore[attr-defined]  # not inside the closing session
    thread.start()


def register() -> None:
    """Register :func:`on_session_start` with solara (once)."""
    import solara.lab

    if not getattr(register, "done", False):
        solara.lab.on_kernel_start(on_session_start)
        register.done = True  # type: ignore[attr-defined]
