"""The server's /metrics, scraped after a few calls and read with Prometheus's own text parser."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import grpc
from prometheus_client.parser import text_string_to_metric_families

from sanzi_client import Client
from sanzi_client._pb.sanzi.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    organization_pb2,
    organization_pb2_grpc,
    user_pb2,
    user_pb2_grpc,
)


def scrape(address: str) -> tuple[dict, str]:
    """Every sample as {(name, frozenset(labels)): value}, and the response's content type."""
    # Straight to the server, whatever proxy the environment names.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://{address}/metrics", timeout=10) as r:
        kind = r.headers["Content-Type"]
        text = r.read().decode("utf-8")
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, frozenset(s.labels.items()))] = s.value
    return samples, kind


def value(samples: dict, name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


def test_metrics_count_calls_commits_exports_and_failed_logins(server, tmp_path: Path) -> None:
    with Client(server.address, server.tokens["wang"]) as clerk:
        orgs = organization_pb2_grpc.OrganizationServiceStub(clerk.channel)
        for _ in range(3):
            orgs.ListOrganizations(organization_pb2.ListOrganizationsRequest(), metadata=clerk.metadata)
    users = user_pb2_grpc.SessionServiceStub(grpc.insecure_channel(server.address))
    try:
        users.Login(user_pb2.LoginRequest(name="wang", password="not the password"))
        raise AssertionError("a wrong password was accepted")
    except grpc.RpcError as e:
        refused = e.code().name
    folder = tmp_path / "bundle"
    folder.mkdir()
    with Client(server.address, server.tokens["exchange"]) as partner:
        manifest = partner.export_to("listings", "360502", "", folder)
    with Client(server.address, server.tokens["admin"]) as admin:
        audit = audit_pb2_grpc.AuditServiceStub(admin.channel)
        verified = audit.VerifyAuditChain(audit_pb2.VerifyAuditChainRequest(), metadata=admin.metadata)

    samples, kind = scrape(server.address)
    assert kind.startswith("text/plain; version=0.0.4")
    # Calls by method and status: exactly the three lists, the one refused login.
    assert value(samples, "sanzi_call_duration_seconds_count", method="ListOrganizations", status="OK") == 3
    assert value(samples, "sanzi_call_duration_seconds_count", method="Login", status=refused) == 1
    assert value(samples, "sanzi_call_duration_seconds_bucket", method="Login", status=refused, le="+Inf") == 1
    assert value(samples, "sanzi_login_failures_total") == 1
    # The export: its rows, and every byte of its files and manifest.
    sizes = sum(f.stat().st_size for f in folder.iterdir())
    assert value(samples, "sanzi_export_rows_total", bundle="listings") == manifest.rows == 3
    assert value(samples, "sanzi_export_bytes_total", bundle="listings") == sizes
    # The store: every audit record (the demo seed, the failed login, the export), no queue.
    assert value(samples, "sanzi_audit_records") == verified.count > 0
    assert value(samples, "sanzi_writer_queue_jobs") == 0
    assert value(samples, "sanzi_store_bytes") > 0
    assert value(samples, "sanzi_store_open_seconds") >= 0
    commits = value(samples, "sanzi_group_commit_jobs_count")
    assert commits >= 1
    assert value(samples, "sanzi_group_commit_jobs_bucket", le="+Inf") == commits
    assert value(samples, "sanzi_group_commit_seconds_count") == commits
    # Labels name methods, statuses, buckets and bundles only: never an id, a name or a token.
    labels = {k for (_, ls) in samples for k, _ in ls}
    assert labels <= {"method", "status", "le", "bundle"}, labels
    for (_, ls) in samples:
        for _, v in ls:
            assert server.tokens["wang"] not in v and "wang" not in v
