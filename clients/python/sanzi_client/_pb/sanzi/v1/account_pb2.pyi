from sanzi_client._pb.sanzi.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NormalSide(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NORMAL_SIDE_UNSPECIFIED: _ClassVar[NormalSide]
    NORMAL_SIDE_DEBIT: _ClassVar[NormalSide]
    NORMAL_SIDE_CREDIT: _ClassVar[NormalSide]
    NORMAL_SIDE_BOTH: _ClassVar[NormalSide]
NORMAL_SIDE_UNSPECIFIED: NormalSide
NORMAL_SIDE_DEBIT: NormalSide
NORMAL_SIDE_CREDIT: NormalSide
NORMAL_SIDE_BOTH: NormalSide

class Account(_message.Message):
    __slots__ = ("code", "name", "category", "normal_side", "parent_code", "depth", "leaf", "active", "has_postings", "opening_direction", "opening_balance_fen", "standard")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    NORMAL_SIDE_FIELD_NUMBER: _ClassVar[int]
    PARENT_CODE_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    LEAF_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    HAS_POSTINGS_FIELD_NUMBER: _ClassVar[int]
    OPENING_DIRECTION_FIELD_NUMBER: _ClassVar[int]
    OPENING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    STANDARD_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    category: str
    normal_side: NormalSide
    parent_code: str
    depth: int
    leaf: bool
    active: bool
    has_postings: bool
    opening_direction: _common_pb2.BalanceDirection
    opening_balance_fen: int
    standard: bool
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[str] = ..., normal_side: _Optional[_Union[NormalSide, str]] = ..., parent_code: _Optional[str] = ..., depth: _Optional[int] = ..., leaf: _Optional[bool] = ..., active: _Optional[bool] = ..., has_postings: _Optional[bool] = ..., opening_direction: _Optional[_Union[_common_pb2.BalanceDirection, str]] = ..., opening_balance_fen: _Optional[int] = ..., standard: _Optional[bool] = ...) -> None: ...

class ListAccountsRequest(_message.Message):
    __slots__ = ("organization_id",)
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ...) -> None: ...

class ListAccountsResponse(_message.Message):
    __slots__ = ("chart_version", "accounts")
    CHART_VERSION_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    chart_version: _common_pb2.ChartVersion
    accounts: _containers.RepeatedCompositeFieldContainer[Account]
    def __init__(self, chart_version: _Optional[_Union[_common_pb2.ChartVersion, str]] = ..., accounts: _Optional[_Iterable[_Union[Account, _Mapping]]] = ...) -> None: ...

class AddAccountRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "code", "name")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    code: str
    name: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class SetAccountActiveRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "code", "active")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    code: str
    active: bool
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., code: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class OpeningBalance(_message.Message):
    __slots__ = ("code", "side", "amount_fen")
    CODE_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    code: str
    side: _common_pb2.Side
    amount_fen: int
    def __init__(self, code: _Optional[str] = ..., side: _Optional[_Union[_common_pb2.Side, str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class SetOpeningBalancesRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "balances")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    balances: _containers.RepeatedCompositeFieldContainer[OpeningBalance]
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., balances: _Optional[_Iterable[_Union[OpeningBalance, _Mapping]]] = ...) -> None: ...

class SetOpeningBalancesResponse(_message.Message):
    __slots__ = ("debit_total_fen", "credit_total_fen", "accounts")
    DEBIT_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    CREDIT_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    debit_total_fen: int
    credit_total_fen: int
    accounts: int
    def __init__(self, debit_total_fen: _Optional[int] = ..., credit_total_fen: _Optional[int] = ..., accounts: _Optional[int] = ...) -> None: ...
