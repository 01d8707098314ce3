"""Keeping runs apart and nothing left running: folder locks, the sweep's job list, and the
watchdog that ends a sweep worker whose parent has died. See docs/reliability.md.

Rules:

- A run folder and a sweep folder have one writer at a time: the writer holds an exclusive
  ``fcntl.flock`` on ``.safecity.lock`` in the folder for as long as it runs (the system drops it
  when the process ends, however it ends). A second ``safecity-run`` into a locked folder is
  refused; a sweep job whose folder is locked is skipped (another process is running it); a
  second sweep into a locked sweep folder is refused before any job starts.
- A sweep writes ``jobs.json`` (every job's folder and overrides) into its folder at the start,
  so ``safecity-collect`` can name the jobs that never started.
- A sweep worker (joblib, or the experiment's workers) exits within about a second once the
  process that started the sweep is gone.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

LOCK = ".safecity.lock"
JOBS = "jobs.json"
PARENT_ENV = "SAFECITY_SWEEP_PARENT"
"""Environment variable naming the pid of the process whose workers must not outlive it."""
WATCH_INTERVAL_S = 0.5
log = logging.getLogger("safecity")
_held: dict[Path, int] = {}  # folder -> fd of its lock, kept open while this process runs
_watching = threading.Event()


class FolderBusy(RuntimeError):
    """Another process holds the folder's lock."""


def lock_folder(folder: Path) -> None:
    """Take the folder's lock for the rest of this process (idempotent).

    Raises:
        FolderBusy: naming the folder and the pid of the process holding it.
    """
    folder = Path(folder).resolve()
    if folder in _held:
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise FolderBusy(
            f"{folder} is being written by another process (pid {holder}); one writer per "
            "folder: wait for it to finish, or choose another folder"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _held[folder] = fd


def unlock_folder(folder: Path) -> None:
    """Release a lock taken by :func:`lock_folder` (the lock file stays)."""
    fd = _held.pop(Path(folder).resolve(), None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch_parent(parent: int, interval_s: float = WATCH_INTERVAL_S) -> None:
    """End this process (exit code 3) soon after process ``parent`` is gone: a daemon thread
    checks every ``interval_s`` seconds whether this process was re-parented or ``parent``
    no longer exists. Started once per process."""
    if _watching.is_set():
        return
    _watching.set()
    ppid = os.getppid()

    def watch() -> None:
        while True:
            if (ppid == parent and os.getppid() != parent) or not _alive(parent):
                os._exit(3)
            time.sleep(interval_s)

    threading.Thread(target=watch, name="safecity-parent-watchdog", daemon=True).start()


def mark_parent() -> None:
    """Make this process the one whose workers must not outlive it (before they start)."""
    os.environ[PARENT_ENV] = str(os.getpid())


def watch_parent_if_worker() -> None:
    """In a worker started after :func:`mark_parent`, start :func:`watch_parent`; in the
    parent itself (a sweep with one worker runs in-process) do nothing."""
    parent = os.environ.get(PARENT_ENV, "")
    if parent.isdigit() and int(parent) != os.getpid():
        watch_parent(int(parent))


# --- the job list ----------------------------------------------------------------------------


def sweep_jobs(config: DictConfig) -> list[dict[str, Any]]:
    """Every job of a sweep, as Hydra's basic sweeper will launch it: its folder (relative to
    the sweep folder) and its overrides."""
    from hydra._internal.config_loader_impl import get_overrides_dirname
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from experiments.schema import job_dir_name

    node = config.hydra.sweeper.get("params")
    params = OmegaConf.to_container(node, resolve=True) if node else {}
    lines = [f"{k}={v}" for k, v in params.items()] + list(config.hydra.overrides.task)
    parser = OverridesParser.create()
    batches = BasicSweeper.split_arguments(parser.parse_overrides(lines), None)
    od = config.hydra.job.config.override_dirname
    jobs = []
    for job in batches[0] if batches else []:
        name = get_overrides_dirname(
            parser.parse_overrides(job), list(od.exclude_keys), od.item_sep, od.kv_sep
        )
        jobs.append({"folder": job_dir_name(name), "overrides": list(job)})
    return jobs


def read_jobs(sweep_dir: Path) -> list[str] | None:
    """The job folders listed in the sweep's ``jobs.json``; ``None`` if it has none."""
    import json

    path = Path(sweep_dir) / JOBS
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [str(job["folder"]) for job in data["jobs"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.warning("%s is unreadable (%s): jobs that never started cannot be named", path, e)
        return None
