from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ExportRequest(_message.Message):
    __slots__ = ("scope", "since")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    scope: str
    since: str
    def __init__(self, scope: _Optional[str] = ..., since: _Optional[str] = ...) -> None: ...

class ExportChunk(_message.Message):
    __slots__ = ("file", "data", "progress_done", "progress_total")
    FILE_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_DONE_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    file: str
    data: bytes
    progress_done: int
    progress_total: int
    def __init__(self, file: _Optional[str] = ..., data: _Optional[bytes] = ..., progress_done: _Optional[int] = ..., progress_total: _Optional[int] = ...) -> None: ...
