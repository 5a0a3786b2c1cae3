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


@pytest.fixture
def server(tmp_path: Path):
    data = tmp_path / "data"
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen(
        [str(_binary()), "--demo", "--data-dir", str(data), "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        address = None
        # The server prints its address once it listens; it closes stdout only by exiting.
        for line in proc.stdout:
            if "正在监听" in line:
                address = line.rsplit(" ", 1)[1].strip()
                break
        assert address, f"the server did not start: {(tmp_path / 'server.log').read_text()}"
        tokens = {}
        for line in (data / "demo-tokens.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, token = line.split("=", 1)
                tokens[name] = token
        yield Server(address, tokens, data)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            assert proc.wait(timeout=30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            log.close()
