"""Several servers on one PostgreSQL: an export asked of a server that does not lead the store's
writes comes from the leader it names. Runs when ``SANZI_TEST_STORE`` names a PostgreSQL server
(``./scripts/test`` starts one); skipped otherwise."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from sanzi_client import Client
from conftest import demo_tokens, start

PG = os.environ.get("SANZI_TEST_STORE", "")


@pytest.mark.skipif(not PG.startswith("postgres"), reason="needs SANZI_TEST_STORE (./scripts/test starts a PostgreSQL)")
def test_an_export_asked_of_a_follower_comes_from_the_leader(tmp_path: Path) -> None:
    # A store of its own: a new schema, named as the sessions' search path.
    sep = "&" if "?" in PG else "?"
    url = f"{PG}{sep}options=-c%20search_path%3Dpy_{uuid.uuid4().hex}"
    leader = start(["--demo", "--store", url, "--data-dir", str(tmp_path / "a")], tmp_path / "a.log")
    try:
        follower = start(["--store", url, "--data-dir", str(tmp_path / "b")], tmp_path / "b.log")
        try:
            token = demo_tokens(tmp_path / "a")["exchange"]
            out = tmp_path / "bundle"
            out.mkdir()
            with Client(follower.address, token) as c:
                manifest = c.export_to("listings", "360502", "", out)
                # The follower refused, naming the leader; the client went there and stays.
                assert c.address == leader.address
            assert manifest.format == "listing-export/1"
            assert manifest.rows == 3
            assert (out / "manifest.json").exists()
        finally:
            follower.stop()
    finally:
        leader.stop()
