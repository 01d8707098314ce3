"""``safecity-app``: serve the workshop app on this machine, with no internet needed.

    safecity-app                      # http://127.0.0.1:8765/
    safecity-app --host 0.0.0.0 --port 8000 --max-sessions 30 --session-minutes 10

Solara's page needs front-end files (Vue, Vuetify, RequireJS, fonts) that it normally fetches
from a CDN. The ``solara-assets`` package (in the ``app`` extra) carries them, and solara's asset
proxy serves them from this machine; the CDN address is pointed at a closed local port, so that a
missing file fails at once instead of reaching out (solara's retries of a failed fetch are
switched off: nothing is fetched). Solara's usage telemetry and its "installation check" (a hidden
page from solara.dev) are switched off. Session limits (play stopped when a page goes, sessions
expired, a cap on their number) are in :mod:`app.sessions`.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable

from app import sessions

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
SOLARA_APP = "app.page"
OFFLINE_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",  # no usage reports
    "SOLARA_MODE": "production",  # no solara.dev check frame, no file watching
    "SOLARA_ASSETS_PROXY": "true",  # front-end files from solara-assets, served by this server
    # anything not in solara-assets fails at once on a closed local port instead of reaching out
    "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/npm/",
}


def configure_offline() -> None:
    """Set the environment that keeps solara on this machine (before solara is imported)."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    os.environ["SOLARA_APP"] = SOLARA_APP


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port that is free on ``host`` now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a TCP port: expected 0 to 65535")
    return port


def _positive(kind: type) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if not (value > 0 and math.isfinite(value)):
            raise argparse.ArgumentTypeError(f"{text!r}: expected a number > 0")
        return value

    return parse


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="safecity-app",
        description="Serve the Safe City workshop app (open the printed address in a browser).",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--max-sessions",
        type=_positive(int),
        default=sessions.MAX_SESSIONS,
        help=f"browser sessions that may run a town at once (default {sessions.MAX_SESSIONS})",
    )
    parser.add_argument(
        "--session-minutes",
        type=_positive(float),
        default=sessions.SESSION_MINUTES,
        help="minutes a session whose page has gone is kept for a reload "
        f"(default {sessions.SESSION_MINUTES:g})",
    )
    args = parser.parse_args(argv)
    if not args.host.strip():
        parser.error("argument --host: empty: expected an address such as 127.0.0.1")
    return args


def configure_sessions(max_sessions: int, session_minutes: float) -> None:
    """Session limits (before solara is imported): the cap, and solara's cull timeout."""
    os.environ[sessions.MAX_SESSIONS_ENV] = str(int(max_sessions))
    os.environ["SOLARA_KERNEL_CULL_TIMEOUT"] = f"{session_minutes * 60:g}s"


def no_cdn_fetch(url: str) -> bytes:
    """Solara's CDN fetch, replaced: the app is offline, so a front-end file that is not in
    solara-assets fails at once (solara would retry for 7 s)."""
    raise FileNotFoundError(f"{url}: not in solara-assets, and the app fetches nothing")


def network_warning(host: str) -> str | None:
    """The warning printed when the app listens beyond this machine."""
    if host in LOOPBACK:
        return None
    return (
        f"safecity-app: warning: listening on {host}: anyone who can reach this machine on the "
        "network can open the app and run towns on it (the app has no login); use "
        f"--host {DEFAULT_HOST} to keep it to this machine"
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``safecity-app``."""
    args = parse_args(argv)
    configure_offline()
    configure_sessions(args.max_sessions, args.session_minutes)
    warning = network_warning(args.host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    port = args.port or free_port(args.host)
    url = f"http://{args.host}:{port}/"
    print(f"safecity-app: starting at {url}", flush=True)

    import logging

    import uvicorn

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    # solara warns on every page load over plain http to 127.0.0.1 that it falls back to a
    # samesite=lax cookie, which is what a local app wants
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    import solara.server.cdn_helper

    solara.server.cdn_helper.fetch_from_cdn = no_cdn_fetch
    import app.page  # noqa: F401  (import errors surface here, not in the browser)
    from app import state

    state.policy_overrides(state.DEFAULT_POLICY)  # compose the first preset before any visitor

    config = uvicorn.Config(
        "solara.server.starlette:app", host=args.host, port=port, log_level="warning"
    )
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(
                f"safecity-app: ready at {url} (started in {time.perf_counter() - t0:.1f} s; "
                "Ctrl-C stops it)",
                flush=True,
            )

    threading.Thread(target=announce, daemon=True).start()
    server.run()
    if not server.started:
        sys.exit(1)


if __name__ == "__main__":
    main()
