"""``safecity-app``: serve the workshop app on this machine, with no internet needed.

    safecity-app                      # http://127.0.0.1:8765/
    safecity-app --host 0.0.0.0 --port 8000

Solara's page needs front-end files (Vue, Vuetify, RequireJS, fonts) that it normally fetches
from a CDN. The ``solara-assets`` package (in the ``app`` extra) carries them, and solara's asset
proxy serves them from this machine; the CDN address is pointed at a closed local port, so that a
missing file fails at once instead of reaching out. Solara's usage telemetry and its
"installation check" (a hidden page from solara.dev) are switched off.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
import warnings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
SOLARA_APP = "app.components"
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
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``safecity-app``."""
    args = parse_args(argv)
    configure_offline()
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
    import app.components  # noqa: F401  (import errors surface here, not in the browser)
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
