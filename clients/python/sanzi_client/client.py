"""A small typed wrapper over the generated stubs: the export bundles, written and verified."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Literal

import grpc

from sanzi_client._pb.sanzi.v1 import export_pb2, export_pb2_grpc

Kind = Literal["inventory", "listings"]
#: Servers followed at most for one call, and waits (of _WAIT_S) while no server leads.
_HOPS_MAX, _WAITS_MAX, _WAIT_S = 4, 40, 0.5
#: The bundles a partner can take, and their format names.
KINDS: dict[str, str] = {"inventory": "inventory-export/1", "listings": "listing-export/1"}


class SanziError(Exception):
    """The server refused the call: ``code`` is the gRPC status (UNAUTHENTICATED, …), ``reason``
    the server's stable reason code (``SCOPE_NOT_FOUND``, ``CURSOR_NOT_OF_THESE_BOOKS``, …; empty
    when it gave none) for translating, ``fields`` the (field, reason) of each bad input,
    ``metadata`` what the reason carries (``leader`` for ``NOT_LEADER``)."""

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        reason: str = "",
        fields: list[tuple[str, str]] | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code.name}: {message}" + (f" [{reason}]" if reason else ""))
        self.code = code
        self.message = message
        self.reason = reason
        self.fields = fields or []
        self.metadata = metadata or {}


@functools.cache
def _status_classes():
    """google.rpc.Status, ErrorInfo and BadRequest, described here so that no further package is
    needed to read the details the server attaches to an error."""
    from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    f = descriptor_pb2.FileDescriptorProto(name="sanzi_client/rpc_status.proto", package="google.rpc", syntax="proto3")
    f.dependency.append("google/protobuf/any.proto")
    T = descriptor_pb2.FieldDescriptorProto
    status = f.message_type.add(name="Status")
    status.field.add(name="code", number=1, type=T.TYPE_INT32, label=T.LABEL_OPTIONAL)
    status.field.add(name="message", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    status.field.add(name="details", number=3, type=T.TYPE_MESSAGE, label=T.LABEL_REPEATED, type_name=".google.protobuf.Any")
    info = f.message_type.add(name="ErrorInfo")
    info.field.add(name="reason", number=1, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    info.field.add(name="domain", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    entry = info.nested_type.add(name="MetadataEntry")
    entry.field.add(name="key", number=1, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    entry.field.add(name="value", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    entry.options.map_entry = True
    info.field.add(name="metadata", number=3, type=T.TYPE_MESSAGE, label=T.LABEL_REPEATED, type_name=".google.rpc.ErrorInfo.MetadataEntry")
    bad = f.message_type.add(name="BadRequest")
    violation = bad.nested_type.add(name="FieldViolation")
    violation.field.add(name="field", number=1, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    violation.field.add(name="description", number=2, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    violation.field.add(name="reason", number=3, type=T.TYPE_STRING, label=T.LABEL_OPTIONAL)
    bad.field.add(name="field_violations", number=1, type=T.TYPE_MESSAGE, label=T.LABEL_REPEATED, type_name=".google.rpc.BadRequest.FieldViolation")
    pool.Add(f)
    get = lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName(name))  # noqa: E731
    return get("google.rpc.Status"), get("google.rpc.ErrorInfo"), get("google.rpc.BadRequest")


def _error(e: grpc.RpcError) -> SanziError:
    """A SanziError from a failed call, with the reason and fields the server attached."""
    reason, fields, metadata = "", [], {}
    details = dict(e.trailing_metadata() or ()).get("grpc-status-details-bin")
    if details:
        try:
            Status, ErrorInfo, BadRequest = _status_classes()
            for any_ in Status.FromString(details).details:
                kind = any_.type_url.rsplit("/", 1)[-1]
                if kind == "google.rpc.ErrorInfo":
                    info = ErrorInfo.FromString(any_.value)
                    reason, metadata = info.reason, dict(info.metadata)
                elif kind == "google.rpc.BadRequest":
                    fields = [(v.field, v.reason) for v in BadRequest.FromString(any_.value).field_violations]
        except Exception:  # the details are a help, never a reason to fail differently
            pass
    return SanziError(e.code(), e.details() or "", reason, fields, metadata)


class BundleError(Exception):
    """A bundle that does not match its manifest (size or SHA-256), or has no manifest."""


@dataclass(frozen=True)
class FileEntry:
    name: str
    bytes: int
    sha256: str
    rows: int | None = None


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says of a bundle."""

    format: str
    export_id: str
    generated_at: str
    scope: str
    since: str | None
    next: str
    rows: int
    counts: dict[str, int]
    files: list[FileEntry]
    raw: dict = field(repr=False, compare=False, default_factory=dict)

    @staticmethod
    def parse(data: bytes) -> "Manifest":
        try:
            m = json.loads(data.decode("utf-8"))
            fixed = {"format", "export_id", "generated_at", "scope", "since", "next", "rows", "files"}
            return Manifest(
                format=m["format"],
                export_id=m["export_id"],
                generated_at=m["generated_at"],
                scope=m["scope"],
                since=m["since"],
                next=m["next"],
                rows=int(m["rows"]),
                counts={k: int(v) for k, v in m.items() if k not in fixed},
                files=[FileEntry(f["name"], int(f["bytes"]), f["sha256"], f.get("rows")) for f in m["files"]],
                raw=m,
            )
        except (ValueError, KeyError, TypeError) as e:
            raise BundleError(f"manifest.json is not a bundle manifest: {e}") from e


def _target(address: str) -> str:
    for scheme in ("http://", "https://", "grpc://"):
        if address.startswith(scheme):
            return address[len(scheme) :].rstrip("/")
    return address


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Client:
    """A connection to a Sanzi server as one user (the token of a ``partner`` or ``supervisor``).

    ``address`` is ``host:port`` (``http://`` and ``https://`` prefixes are accepted);
    ``ca_cert`` (a PEM file's path or its bytes) turns TLS on, trusting that CA; with a server that
    requires client certificates (mutual TLS), also give ``client_cert`` and ``client_key``.
    """

    def __init__(
        self,
        address: str,
        token: str,
        ca_cert: str | os.PathLike | bytes | None = None,
        client_cert: str | os.PathLike | bytes | None = None,
        client_key: str | os.PathLike | bytes | None = None,
    ) -> None:
        if not token:
            raise ValueError("a token is required")
        if (client_cert is None) != (client_key is None):
            raise ValueError("client_cert and client_key go together")
        if client_cert is not None and ca_cert is None:
            raise ValueError("a client certificate needs TLS: give ca_cert too")

        def pem(value: str | os.PathLike | bytes | None) -> bytes | None:
            if value is None or isinstance(value, bytes):
                return value
            return Path(value).read_bytes()

        self._credentials = (
            None
            if ca_cert is None
            else grpc.ssl_channel_credentials(
                root_certificates=pem(ca_cert),
                private_key=pem(client_key),
                certificate_chain=pem(client_cert),
            )
        )
        self._metadata = (("authorization", f"Bearer {token}"),)
        self._connect(_target(address))

    def _connect(self, target: str) -> None:
        """Talks to ``target`` (``host:port``) from now on, with the same TLS settings."""
        self.address = target
        if self._credentials is None:
            self._channel = grpc.insecure_channel(target)
        else:
            self._channel = grpc.secure_channel(target, self._credentials)
        self._exports = export_pb2_grpc.ExportServiceStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def channel(self) -> grpc.Channel:
        """The channel, for calling other services with the generated stubs."""
        return self._channel

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """The call metadata carrying the token."""
        return self._metadata

    def export_chunks(self, kind: Kind, scope: str, since: str = "") -> Iterator[export_pb2.ExportChunk]:
        """The bundle's chunks as they stream: data files first, ``manifest.json`` last."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
        request = export_pb2.ExportRequest(scope=scope, since=since)
        # Several servers may share one database; only the leader records an export, and the
        # others refuse it before sending anything (NOT_LEADER), naming the leader: the export
        # is asked of that server instead, which this client then keeps talking to.
        hops, waits = 0, 0
        while True:
            exports = self._exports
            call = exports.ExportInventory if kind == "inventory" else exports.ExportListings
            started = False
            try:
                for chunk in call(request, metadata=self._metadata):
                    started = True
                    yield chunk
                return
            except grpc.RpcError as e:
                err = _error(e)
                if started or err.reason != "NOT_LEADER":
                    raise err from None
                leader = err.metadata.get("leader", "")
                if leader and leader != self.address and hops < _HOPS_MAX:
                    hops += 1
                    self._channel.close()
                    self._connect(leader)
                elif not leader and waits < _WAITS_MAX:
                    # No server leads this moment (a lease's term running out).
                    waits += 1
                    time.sleep(_WAIT_S)
                else:
                    raise err from None

    def export_to(
        self,
        kind: Kind,
        scope: str,
        since: str,
        folder: str | os.PathLike,
        progress: Callable[[int, int], None] | None = None,
    ) -> Manifest:
        """Streams a bundle into ``folder`` (which must exist), checks every file against the
        manifest, syncs the files to disk and writes ``manifest.json`` last. Raises
        :class:`SanziError` when the server refuses, :class:`BundleError` when the files do not
        match; either way a folder without ``manifest.json`` is not a bundle."""
        folder = Path(folder)
        handles: dict[str, tuple] = {}
        manifest_bytes = bytearray()
        try:
            for chunk in self.export_chunks(kind, scope, since):
                if progress is not None:
                    progress(chunk.progress_done, chunk.progress_total)
                if chunk.file == "manifest.json":
                    manifest_bytes += chunk.data
                    continue
                if "/" in chunk.file or "\\" in chunk.file or chunk.file.startswith("."):
                    raise BundleError(f"unexpected file name {chunk.file!r}")
                if chunk.file not in handles:
                    handles[chunk.file] = (open(folder / chunk.file, "wb"), hashlib.sha256(), [0])
                f, digest, size = handles[chunk.file]
                f.write(chunk.data)
                digest.update(chunk.data)
                size[0] += len(chunk.data)
            for f, _, _ in handles.values():
                f.flush()
                os.fsync(f.fileno())
        finally:
            for f, _, _ in handles.values():
                f.close()
        if not manifest_bytes:
            raise BundleError("the stream ended without manifest.json")
        manifest = Manifest.parse(bytes(manifest_bytes))
        if manifest.format != KINDS[kind]:
            raise BundleError(f"expected format {KINDS[kind]}, got {manifest.format}")
        listed = {e.name for e in manifest.files}
        for name in handles:
            if name not in listed:
                raise BundleError(f"{name}: not in the manifest")
        for entry in manifest.files:
            if entry.name not in handles:
                raise BundleError(f"{entry.name}: missing")
            _, digest, size = handles[entry.name]
            if size[0] != entry.bytes or digest.hexdigest() != entry.sha256:
                raise BundleError(f"{entry.name}: size or SHA-256 differs from the manifest")
        part = folder / ".manifest.json.part"
        with open(part, "wb") as f:
            f.write(manifest_bytes)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, folder / "manifest.json")
        _fsync_dir(folder)
        return manifest


def verify(folder: str | os.PathLike) -> Manifest:
    """Re-checks a bundle folder: every file's size and SHA-256 against its manifest."""
    folder = Path(folder)
    try:
        manifest = Manifest.parse((folder / "manifest.json").read_bytes())
    except FileNotFoundError as e:
        raise BundleError(f"{folder}: no manifest.json") from e
    for entry in manifest.files:
        try:
            data = (folder / entry.name).read_bytes()
        except FileNotFoundError as e:
            raise BundleError(f"{entry.name}: missing") from e
        if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise BundleError(f"{entry.name}: size or SHA-256 differs from the manifest")
    return manifest
