"""Starts the real server (the built binary) with its demo books on a free loopback port."""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _binary() -> Path:
    given = os.environ.get("SANZI_SERVER_BIN")
    if given:
        return Path(given)
    path = REPO / "target" / "debug" / "sanzi-server"
    if not path.exists():
        subprocess.run(["cargo", "build", "--locked", "--bin", "sanzi-server"], cwd=REPO, check=True)
    return path


@dataclass
class Server:
    address: str
    tokens: dict[str, str]
    data_dir: Path


class Started:
    """A server process started by :func:`start`; ``stop`` ends it with SIGTERM."""

    def __init__(self, proc: subprocess.Popen, address: str, log) -> None:
        self.proc, self.address, self._log = proc, address, log

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            assert self.proc.wait(timeout=30) == 0
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self._log.close()


def start(args: list[str], log_path: Path) -> Started:
    """Starts the server with ``args`` on a free loopback port; returns once it listens."""
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [str(_binary()), *args, "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    address = None
    # The server prints its address once it listens; it closes stdout only by exiting.
    for line in proc.stdout:
        if "正在监听" in line:
            address = line.rsplit(" ", 1)[1].strip()
            break
    if not address:
        proc.kill()
        log.close()
        raise AssertionError(f"the server did not start: {log_path.read_text()}")
    return Started(proc, address, log)


def demo_tokens(data: Path) -> dict[str, str]:
    """The demo users' tokens, by user name, that ``--demo`` wrote into the data directory."""
    tokens = {}
    for line in (data / "demo-tokens.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, token = line.split("=", 1)
            tokens[name] = token
    return tokens


@pytest.fixture
def server(tmp_path: Path):
    data = tmp_path / "data"
    started = start(["--demo", "--data-dir", str(data)], tmp_path / "server.log")
    try:
        yield Server(started.address, demo_tokens(data), data)
    finally:
        started.stop()
