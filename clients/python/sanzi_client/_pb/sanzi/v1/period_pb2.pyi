from sanzi_client._pb.sanzi.v1 import ledger_pb2 as _ledger_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PeriodAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERIOD_ACTION_UNSPECIFIED: _ClassVar[PeriodAction]
    PERIOD_ACTION_CLOSE: _ClassVar[PeriodAction]
    PERIOD_ACTION_REOPEN: _ClassVar[PeriodAction]
    PERIOD_ACTION_CLOSE_YEAR: _ClassVar[PeriodAction]
    PERIOD_ACTION_REOPEN_REQUEST: _ClassVar[PeriodAction]
PERIOD_ACTION_UNSPECIFIED: PeriodAction
PERIOD_ACTION_CLOSE: PeriodAction
PERIOD_ACTION_REOPEN: PeriodAction
PERIOD_ACTION_CLOSE_YEAR: PeriodAction
PERIOD_ACTION_REOPEN_REQUEST: PeriodAction

class ClosePeriodRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    month: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., month: _Optional[str] = ...) -> None: ...

class ReopenPeriodRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "month", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    month: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., month: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RequestReopenRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "month", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    month: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., month: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ListReopenRequestsRequest(_message.Message):
    __slots__ = ("region_prefix",)
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    region_prefix: str
    def __init__(self, region_prefix: _Optional[str] = ...) -> None: ...

class ReopenRequest(_message.Message):
    __slots__ = ("organization_id", "organization_name", "event")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    organization_name: str
    event: PeriodEvent
    def __init__(self, organization_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., event: _Optional[_Union[PeriodEvent, _Mapping]] = ...) -> None: ...

class ListReopenRequestsResponse(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[ReopenRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[ReopenRequest, _Mapping]]] = ...) -> None: ...

class CloseYearRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "year")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    year: int
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., year: _Optional[int] = ...) -> None: ...

class GetPeriodStatusRequest(_message.Message):
    __slots__ = ("organization_id",)
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ...) -> None: ...

class PeriodEvent(_message.Message):
    __slots__ = ("id", "action", "month", "reason", "by", "time", "voucher_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    action: PeriodAction
    month: str
    reason: str
    by: str
    time: str
    voucher_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., action: _Optional[_Union[PeriodAction, str]] = ..., month: _Optional[str] = ..., reason: _Optional[str] = ..., by: _Optional[str] = ..., time: _Optional[str] = ..., voucher_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PeriodStatus(_message.Message):
    __slots__ = ("organization_id", "closed_through", "next_to_close", "year_closed", "events", "open_reopen_requests")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSED_THROUGH_FIELD_NUMBER: _ClassVar[int]
    NEXT_TO_CLOSE_FIELD_NUMBER: _ClassVar[int]
    YEAR_CLOSED_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    OPEN_REOPEN_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    closed_through: str
    next_to_close: str
    year_closed: int
    events: _containers.RepeatedCompositeFieldContainer[PeriodEvent]
    open_reopen_requests: _containers.RepeatedCompositeFieldContainer[PeriodEvent]
    def __init__(self, organization_id: _Optional[str] = ..., closed_through: _Optional[str] = ..., next_to_close: _Optional[str] = ..., year_closed: _Optional[int] = ..., events: _Optional[_Iterable[_Union[PeriodEvent, _Mapping]]] = ..., open_reopen_requests: _Optional[_Iterable[_Union[PeriodEvent, _Mapping]]] = ...) -> None: ...

class CloseYearResponse(_message.Message):
    __slots__ = ("status", "vouchers")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    VOUCHERS_FIELD_NUMBER: _ClassVar[int]
    status: PeriodStatus
    vouchers: _containers.RepeatedCompositeFieldContainer[_ledger_pb2.Voucher]
    def __init__(self, status: _Optional[_Union[PeriodStatus, _Mapping]] = ..., vouchers: _Optional[_Iterable[_Union[_ledger_pb2.Voucher, _Mapping]]] = ...) -> None: ...
