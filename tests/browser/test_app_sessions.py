"""Nothing left running when visitors leave (issue 12): a page that pressed Play and went away
stops using the server's CPU within seconds; the server's memory does not grow with each visitor
who leaves; a page beyond ``--max-sessions`` gets a short note; a missing
front-end file fails at once.

The server runs with ``--session-minutes 0.1`` (a gone session is closed after 6 s), so the test
need not wait solara's default day. The figures measured are printed, and appended to the file
``SAFECITY_FIGURES`` names when it is set.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("SAFECITY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
CHROMIUM_ARGS += ["--disable-background-networking", "--disable-component-update"]
SESSION_MINUTES = 0.1
"""A gone session is closed after 6 s."""
SETTLE_S = SESSION_MINUTES * 60 + 6
"""After the last visitor leaves: the cull, then the deferred collection and trim."""
FIGURES = os.environ.get("SAFECITY_FIGURES")
TICK_S = os.sysconf("SC_CLK_TCK")


def record(line: str) -> None:
    print(line)
    if FIGURES:
        with open(FIGURES, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK_S  # utime + stime


def cpu_share(pid: int, seconds: float) -> float:
    """The server's CPU use over the next ``seconds``, as a share of one core."""
    c0, t0 = cpu_s(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_s(pid) - c0) / (time.monotonic() - t0)


def start_server(tmp: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (tmp / f"server-{port}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.server", "--port", str(port), *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"safecity-app exited:\n{(tmp / log.name).read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    proc.kill()
    pytest.fail("safecity-app did not answer within 90 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc, url = start_server(
        tmp_path_factory.mktemp("app"), "--session-minutes", str(SESSION_MINUTES)
    )
    yield proc, url
    stop(proc)


def visit(browser, url: str):
    """A visitor: a fresh browser context (its own cookie) with the page ready."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".safecity-status", timeout=90_000)
    return context, page


def test_a_page_that_played_and_left_stops_using_the_cpu(chromium, server):
    proc, url = server
    context, page = visit(chromium, url)
    page.locator(".safecity-play").click()
    page.wait_for_timeout(2000)
    clock = page.locator(".safecity-status").inner_text().split(" ·")[0]
    playing = cpu_share(proc.pid, 3.0)
    moved = page.locator(".safecity-status").inner_text().split(" ·")[0] != clock
    context.close()  # the visitor closes the tab while the town plays
    left = time.monotonic()
    time.sleep(6.0)  # the play loop's grace (3 s) and a frame's wait (2 s)
    after = cpu_share(proc.pid, 3.0)
    record(
        f"- play then leave: server CPU {playing:.0%} of a core while playing, "
        f"{after:.0%} over 3 s from {time.monotonic() - left - 3:.0f} s after the tab closed"
    )
    assert moved and playing > 0.1, f"the town did not seem to play ({playing:.0%} CPU)"
    assert after < 0.1, f"the server still uses {after:.0%} of a core after the visitor left"


def visitors_come_and_go(browser, url: str, n: int, pid: int) -> float:
    """``n`` visitors, five at a time, each closing its tab; the server's peak RSS (MB)."""
    peak = 0.0
    for _ in range(n // 5):
        visitors = [visit(browser, url) for _ in range(5)]
        peak = max(peak, rss_mb(pid))
        for context, _ in visitors:
            context.close()
    return peak


def test_memory_does_not_grow_with_each_visitor_who_leaves(chromium, server):
    """A server that kept anything of each gone session (a town is about 20 MB) would grow by
    that much per visitor. The first visitors also leave what every later one reuses (caches,
    the allocator's arenas at five sessions at once), so the growth is measured between two
    rounds of 20 visitors after a warm-up round."""
    proc, url = server
    visitors_come_and_go(chromium, url, 5, proc.pid)  # warm-up: five at once
    time.sleep(SETTLE_S)
    before = rss_mb(proc.pid)
    peak = visitors_come_and_go(chromium, url, 20, proc.pid)
    time.sleep(SETTLE_S)
    first = rss_mb(proc.pid)
    peak = max(peak, visitors_come_and_go(chromium, url, 20, proc.pid))
    time.sleep(SETTLE_S)
    second = rss_mb(proc.pid)
    per_visitor = (second - first) / 20
    record(
        f"- 40 visitors (5 at a time, after a warm-up of 5): server RSS {before:.0f} MB before, "
        f"{peak:.0f} MB at most with them, {first:.0f} MB after the first 20 left, "
        f"{second:.0f} MB after the next 20 ({per_visitor:.2f} MB a visitor)"
    )
    assert peak > before + 20, f"the visitors seemed to cost nothing ({before:.0f} -> {peak:.0f})"
    assert per_visitor < 1.0, (
        f"memory grows with each visitor who leaves: {first:.0f} MB after 20 visitors, "
        f"{second:.0f} MB after 40"
    )


def test_a_missing_front_end_file_fails_at_once(server):
    _, url = server
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(url + "_solara/cdn/no-such-package@1.0.0/x.js", timeout=30)
    took = time.monotonic() - started
    record(f"- a missing front-end file: refused in {took:.2f} s")
    assert took < 1.0, f"a missing front-end file took {took:.1f} s to fail"


def test_a_page_beyond_max_sessions_gets_a_note_and_no_town(chromium, tmp_path):
    proc, url = start_server(tmp_path, "--max-sessions", "1", "--session-minutes", "0.1")
    try:
        first, _ = visit(chromium, url)
        second = chromium.new_context()
        full = second.new_page()
        full.goto(url)
        full.wait_for_selector(".safecity-full", timeout=60_000)
        assert "workshop is full" in full.locator(".safecity-full").inner_text()
        assert full.locator(".safecity-status").count() == 0, "a refused page built a town"
        second.close()
        first.close()
        time.sleep(SETTLE_S)  # the first session is closed: its place is free again
        third, _ = visit(chromium, url)
        third.close()
    finally:
        stop(proc)
