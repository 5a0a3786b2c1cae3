from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuditEvent(_message.Message):
    __slots__ = ("sequence", "time", "user_id", "user_name", "method", "request_id", "organization_id", "entities", "change_sha256", "previous_hash", "hash", "token_id", "summary")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    CHANGE_SHA256_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    time: str
    user_id: str
    user_name: str
    method: str
    request_id: str
    organization_id: str
    entities: _containers.RepeatedScalarFieldContainer[str]
    change_sha256: str
    previous_hash: str
    hash: str
    token_id: str
    summary: str
    def __init__(self, sequence: _Optional[int] = ..., time: _Optional[str] = ..., user_id: _Optional[str] = ..., user_name: _Optional[str] = ..., method: _Optional[str] = ..., request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., entities: _Optional[_Iterable[str]] = ..., change_sha256: _Optional[str] = ..., previous_hash: _Optional[str] = ..., hash: _Optional[str] = ..., token_id: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class ListAuditEventsRequest(_message.Message):
    __slots__ = ("organization_id", "entity", "user_id", "time_from", "time_to", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ENTITY_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FROM_FIELD_NUMBER: _ClassVar[int]
    TIME_TO_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    entity: str
    user_id: str
    time_from: str
    time_to: str
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., entity: _Optional[str] = ..., user_id: _Optional[str] = ..., time_from: _Optional[str] = ..., time_to: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAuditEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[AuditEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[AuditEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class VerifyAuditChainRequest(_message.Message):
    __slots__ = ("expected_sequence", "expected_hash")
    EXPECTED_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_HASH_FIELD_NUMBER: _ClassVar[int]
    expected_sequence: int
    expected_hash: str
    def __init__(self, expected_sequence: _Optional[int] = ..., expected_hash: _Optional[str] = ...) -> None: ...

class VerifyAuditChainResponse(_message.Message):
    __slots__ = ("ok", "count", "head_hash", "first_broken_sequence", "problems")
    OK_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    FIRST_BROKEN_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    count: int
    head_hash: str
    first_broken_sequence: int
    problems: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ok: _Optional[bool] = ..., count: _Optional[int] = ..., head_hash: _Optional[str] = ..., first_broken_sequence: _Optional[int] = ..., problems: _Optional[_Iterable[str]] = ...) -> None: ...

class StreamBackupRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BackupChunk(_message.Message):
    __slots__ = ("data", "records_done", "records_total", "sha256", "head_seq", "head_hash")
    DATA_FIELD_NUMBER: _ClassVar[int]
    RECORDS_DONE_FIELD_NUMBER: _ClassVar[int]
    RECORDS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    HEAD_SEQ_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    records_done: int
    records_total: int
    sha256: str
    head_seq: int
    head_hash: str
    def __init__(self, data: _Optional[bytes] = ..., records_done: _Optional[int] = ..., records_total: _Optional[int] = ..., sha256: _Optional[str] = ..., head_seq: _Optional[int] = ..., head_hash: _Optional[str] = ...) -> None: ...
