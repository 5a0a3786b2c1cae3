"""The partner's pulls against the real server with its demo books (良山镇, three villages)."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import uuid
from pathlib import Path

import grpc
import pytest

from sanzi_client import BundleError, Client, SanziError
from sanzi_client import pull as pull_mod
from sanzi_client._pb.sanzi.v1 import (
    common_pb2,
    listing_pb2,
    listing_pb2_grpc,
    organization_pb2,
    organization_pb2_grpc,
    resource_pb2,
    resource_pb2_grpc,
)
from sanzi_client.client import verify
from sanzi_client.generate import generate

PACKAGE = Path(__file__).resolve().parents[1] / "sanzi_client"


class Clerk:
    """王会计, the demo township's clerk, making the changes between pulls."""

    def __init__(self, server) -> None:
        self.client = Client(server.address, server.tokens["wang"])
        self.md = self.client.metadata
        self.orgs = organization_pb2_grpc.OrganizationServiceStub(self.client.channel)
        self.parcels = resource_pb2_grpc.ResourceServiceStub(self.client.channel)
        self.listings = listing_pb2_grpc.ListingServiceStub(self.client.channel)

    def org(self, region: str) -> str:
        r = self.orgs.ListOrganizations(organization_pb2.ListOrganizationsRequest(region_prefix=region), metadata=self.md)
        return r.organizations[0].id

    def parcel(self, org: str, code: str):
        r = self.parcels.ListParcels(resource_pb2.ListParcelsRequest(organization_id=org), metadata=self.md)
        return next(p for p in r.parcels if p.code == code)

    def retire(self, org: str, parcel_id: str) -> None:
        self.parcels.RetireParcel(
            resource_pb2.RetireParcelRequest(
                request_id=str(uuid.uuid4()),
                organization_id=org,
                parcel_id=parcel_id,
                reason=resource_pb2.RETIRE_REASON_EXPROPRIATION,
                date="2026-11-20",
                note="高速公路征收",
            ),
            metadata=self.md,
        )

    def withdraw_first_listing(self) -> listing_pb2.Listing:
        r = self.listings.ListListings(
            listing_pb2.ListListingsRequest(region_prefix="360502", status=listing_pb2.LISTING_STATUS_LISTED),
            metadata=self.md,
        )
        first = r.listings[0]
        return self.listings.WithdrawListing(
            listing_pb2.WithdrawListingRequest(
                request_id=str(uuid.uuid4()), organization_id=first.organization_id, listing_id=first.id, note="暂缓流转"
            ),
            metadata=self.md,
        )


def rows(folder: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]


def csv_rows(folder: Path, name: str) -> list[dict]:
    raw = (folder / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    assert b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def check_rfc7946(path: Path) -> list[dict]:
    """The GeoJSON loads and is an RFC 7946 FeatureCollection of polygons with closed rings of
    [longitude, latitude] positions."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        assert g["type"] in ("Polygon", "MultiPolygon")
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90
    return doc["features"]


def state_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_full_inventory_and_listing_bundles(server, tmp_path: Path) -> None:
    state, out = tmp_path / "state.json", tmp_path / "bundles"
    with Client(server.address, server.tokens["exchange"]) as c:
        inv, inv_dir = pull_mod.pull(c, "inventory", "360502", state, out)
        lst, lst_dir = pull_mod.pull(c, "listings", "360502", state, out)
    assert inv_dir == out / "inventory-360502-000001"
    assert (inv.format, inv.since, inv.rows) == ("inventory-export/1", None, 15)
    assert inv.counts == {"parcels": 9, "assets": 6, "active": 15, "retired": 0}
    parcels = csv_rows(inv_dir, "parcels.csv")
    assert len(parcels) == 9
    assert list(parcels[0])[:3] == ["地块标识", "版本", "状态"]
    dongkeng = next(p for p in parcels if p["地块编码"] == "3605021002010000001")
    assert (dongkeng["地块名称"], dongkeng["地类"], dongkeng["所在地"]) == ("东坑大丘", "耕地", "江西省新余市渝水区良山镇下保村")
    assert (dongkeng["所有权性质"], dongkeng["面积（亩）"]) == ("32 村集体经济组织", "12.5000")
    assert len(check_rfc7946(inv_dir / "parcels.geojson")) == 9
    assets = rows(inv_dir, "assets.jsonl")
    assert len(assets) == 6 and {a["status"] for a in assets} == {"active"}
    assert (lst.format, lst.rows, lst.counts["listed"]) == ("listing-export/1", 3, 3)
    listings = csv_rows(lst_dir, "listings.csv")
    assert {r["状态"] for r in listings} == {"listed"}
    check_rfc7946(lst_dir / "listings.geojson")
    verify(inv_dir)
    verify(lst_dir)
    s = state_of(state)
    assert s["pulls"]["inventory:360502"]["next"] == inv.next
    assert s["pulls"]["listings:360502"]["bundles"][0]["folder"] == "listings-360502-000001"


def test_incremental_pulls_carry_retired_parcels_and_withdrawn_listings(server, tmp_path: Path) -> None:
    state, out = tmp_path / "state.json", tmp_path / "bundles"
    clerk = Clerk(server)
    xiabao = clerk.org("360502100201")
    dongkeng = clerk.parcel(xiabao, "3605021002010000001")
    with Client(server.address, server.tokens["exchange"]) as c:
        full, _ = pull_mod.pull(c, "inventory", "360502", state, out)
        pull_mod.pull(c, "listings", "360502", state, out)
        # Nothing changed: no folder.
        same, none = pull_mod.pull(c, "inventory", "360502", state, out)
        assert none is None and same.rows == 0
        # The cursor moved on only in the audit trail (each bundle handed out is recorded there),
        # not in the books' changes.
        assert same.next.split(".")[1] == full.next.split(".")[1]
        assert state_of(state)["pulls"]["inventory:360502"]["next"] == same.next

        clerk.retire(xiabao, dongkeng.id)
        # No listing changed: the listings pull writes no folder, but its cursor moves on.
        quiet, no_folder = pull_mod.pull(c, "listings", "360502", state, out)
        assert no_folder is None and quiet.rows == 0 and quiet.next != quiet.since
        assert state_of(state)["pulls"]["listings:360502"]["next"] == quiet.next
        second, second_dir = pull_mod.pull(c, "inventory", "360502", state, out)
        assert second_dir == out / "inventory-360502-000002"
        assert (second.since, second.rows, second.counts["retired"]) == (same.next, 1, 1)
        (row,) = rows(second_dir, "parcels.jsonl")
        assert (row["parcel_id"], row["status"], row["version"], row["transferable"]) == (dongkeng.id, "retired", 2, False)
        assert rows(second_dir, "assets.jsonl") == []

        withdrawn = clerk.withdraw_first_listing()
        third, third_dir = pull_mod.pull(c, "inventory", "360502", state, out)
        lst, lst_dir = pull_mod.pull(c, "listings", "360502", state, out)
    (row,) = rows(lst_dir, "listings.jsonl")
    assert (row["listing_id"], row["status"], row["version"]) == (withdrawn.id, "withdrawn", 2)
    assert (lst.rows, lst.counts["withdrawn"], lst.counts["listed"]) == (1, 1, 0)
    # Its subject's inventory row no longer shows the listing.
    assert third.rows == 1
    (subject,) = rows(third_dir, "parcels.jsonl") or rows(third_dir, "assets.jsonl")
    assert subject["listing_id"] is None
    bundles = state_of(state)["pulls"]["inventory:360502"]["bundles"]
    assert [b["folder"] for b in bundles] == [f"inventory-360502-00000{n}" for n in (1, 2, 3)]
    assert [b["since"] for b in bundles] == [None, same.next, second.next]


def test_a_first_bundle_with_no_rows_still_writes_its_folder(server, tmp_path: Path) -> None:
    """The README's promise: only a later bundle with nothing changed writes no folder; the first
    (full) bundle of a scope is written even when the scope holds nothing yet, so the partner has
    the manifest and the cursor the sequence starts from."""
    state, out = tmp_path / "state.json", tmp_path / "bundles"
    clerk = Clerk(server)
    clerk.orgs.CreateOrganization(
        organization_pb2.CreateOrganizationRequest(
            request_id=str(uuid.uuid4()),
            organization=organization_pb2.Organization(
                display_name="良山镇东湖村股份经济合作社",
                level=organization_pb2.ORGANIZATION_LEVEL_VILLAGE,
                region_code="360502100204",
                uscc="N2360502MF0100204E",
                chart_version=common_pb2.CHART_VERSION_2023,
                books_opening_date="2026-10-01",
                region_name="江西省新余市渝水区良山镇东湖村",
            ),
        ),
        metadata=clerk.md,
    )
    with Client(server.address, server.tokens["exchange"]) as c:
        first, first_dir = pull_mod.pull(c, "listings", "360502100204", state, out)
        again, none = pull_mod.pull(c, "listings", "360502100204", state, out)
    assert first.rows == 0 and first_dir == out / "listings-360502100204-000001"
    assert verify(first_dir).rows == 0 and rows(first_dir, "listings.jsonl") == []
    assert none is None and again.rows == 0 and again.since == first.next
    assert sorted(p.name for p in out.iterdir()) == ["listings-360502100204-000001"]


def test_a_pull_stopped_before_the_state_is_saved_keeps_its_bundle(server, tmp_path: Path, monkeypatch) -> None:
    state, out = tmp_path / "state.json", tmp_path / "bundles"
    clerk = Clerk(server)
    xiabao = clerk.org("360502100201")
    with Client(server.address, server.tokens["exchange"]) as c:
        full, _ = pull_mod.pull(c, "inventory", "360502", state, out)
        before = state.read_bytes()
        clerk.retire(xiabao, clerk.parcel(xiabao, "3605021002010000001").id)

        def crash(path, st):
            raise KeyboardInterrupt("power cut before the state file was written")

        monkeypatch.setattr(pull_mod, "save_state", crash)
        with pytest.raises(KeyboardInterrupt):
            pull_mod.pull(c, "inventory", "360502", state, out)
        assert state.read_bytes() == before, "the cursor did not move"
        stopped = out / "inventory-360502-000002"
        assert (stopped / "manifest.json").exists()
        applied = {p.name: p.read_bytes() for p in stopped.iterdir()}
        monkeypatch.undo()

        # Another change while the pull was down. The next pull finds the complete folder and
        # records it as it is (the partner may have applied it already); the change after it
        # comes in the next folder: nothing lost, nothing applied twice.
        shangcun = clerk.org("360502100202")
        clerk.retire(shangcun, clerk.parcel(shangcun, "3605021002020000001").id)
        kept, folder = pull_mod.pull(c, "inventory", "360502", state, out)
        assert folder == stopped and {p.name: p.read_bytes() for p in folder.iterdir()} == applied
        assert (kept.since, kept.rows) == (full.next, 1)
        assert [r["parcel_code"] for r in rows(folder, "parcels.jsonl")] == ["3605021002010000001"]
        after, third = pull_mod.pull(c, "inventory", "360502", state, out)
    assert third == out / "inventory-360502-000003"
    assert (after.since, after.rows) == (kept.next, 1)
    assert [r["parcel_code"] for r in rows(third, "parcels.jsonl")] == ["3605021002020000001"]
    s = state_of(state)["pulls"]["inventory:360502"]
    assert (s["next"], [b["folder"] for b in s["bundles"]]) == (
        after.next,
        ["inventory-360502-000001", "inventory-360502-000002", "inventory-360502-000003"],
    )


def test_a_stream_cut_half_way_leaves_nothing(server, tmp_path: Path, monkeypatch) -> None:
    state, out = tmp_path / "state.json", tmp_path / "bundles"
    with Client(server.address, server.tokens["exchange"]) as c:
        real = Client.export_chunks

        def cut(self, kind, scope, since=""):
            for n, chunk in enumerate(real(self, kind, scope, since)):
                if n == 2:
                    raise SanziError(grpc.StatusCode.UNAVAILABLE, "connection reset")
                yield chunk

        monkeypatch.setattr(Client, "export_chunks", cut)
        with pytest.raises(SanziError):
            pull_mod.pull(c, "inventory", "360502", state, out)
        assert not state.exists() and list(out.iterdir()) == []
        monkeypatch.undo()
        first, folder = pull_mod.pull(c, "inventory", "360502", state, out)
    assert folder.name == "inventory-360502-000001" and first.rows == 15


def test_the_command_refuses_a_bad_token_and_a_clerk(server, tmp_path: Path, monkeypatch, capsys) -> None:
    state, out = tmp_path / "state.json", tmp_path / "bundles"
    token = tmp_path / "token"
    token.write_text("sanzi_" + "0" * 64)
    args = ["inventory", "--scope", "360502", "--state", str(state), "--out", str(out), "--server", server.address, "--quiet"]
    assert pull_mod.main([*args, "--token-file", str(token)]) == 1
    assert "UNAUTHENTICATED" in capsys.readouterr().err
    unreachable = ["inventory", "--scope", "360502", "--state", str(state), "--out", str(out), "--server", "127.0.0.1:1", "--quiet"]
    assert pull_mod.main([*unreachable, "--token-file", str(token)]) == 3
    assert "cannot reach the server" in capsys.readouterr().err
    monkeypatch.setenv("SANZI_TOKEN", server.tokens["wang"])
    assert pull_mod.main(args) == 1
    assert "PERMISSION_DENIED" in capsys.readouterr().err
    assert not state.exists() and list(out.iterdir()) == []
    # The partner's token works through the same command.
    token.write_text(server.tokens["exchange"] + "\n")
    assert pull_mod.main([*args, "--token-file", str(token)]) == 0
    assert "inventory-360502-000001: 15 rows" in capsys.readouterr().out
    with pytest.raises(BundleError):
        (out / "inventory-360502-000001" / "assets.csv").write_bytes(b"altered")
        verify(out / "inventory-360502-000001")


def test_refusals_carry_the_servers_reason_codes(server, tmp_path: Path) -> None:
    with Client(server.address, server.tokens["exchange"]) as c:
        with pytest.raises(SanziError) as outside:
            c.export_to("inventory", "360503", "", tmp_path)
        with pytest.raises(SanziError) as bad_cursor:
            c.export_to("listings", "360502", "yesterday", tmp_path)
    assert (outside.value.code, outside.value.reason) == (grpc.StatusCode.NOT_FOUND, "SCOPE_NOT_FOUND")
    assert (bad_cursor.value.code, bad_cursor.value.reason) == (grpc.StatusCode.INVALID_ARGUMENT, "CURSOR_INVALID")
    assert bad_cursor.value.fields == [("since", "CURSOR_INVALID")]


def test_the_stubs_regenerate_byte_for_byte(tmp_path: Path) -> None:
    generate(PACKAGE.parents[2] / "proto", tmp_path / "_pb")
    committed = sorted(p.relative_to(PACKAGE / "_pb") for p in (PACKAGE / "_pb").rglob("*.py*") if "__pycache__" not in p.parts)
    fresh = sorted(p.relative_to(tmp_path / "_pb") for p in (tmp_path / "_pb").rglob("*.py*"))
    assert committed == fresh
    _, mismatch, errors = filecmp.cmpfiles(PACKAGE / "_pb", tmp_path / "_pb", [str(p) for p in committed], shallow=False)
    assert (mismatch, errors) == ([], [])
