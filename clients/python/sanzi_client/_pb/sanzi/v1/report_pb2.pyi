from sanzi_client._pb.sanzi.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetTrialBalanceRequest(_message.Message):
    __slots__ = ("organization_id", "date_from", "date_to")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    date_from: str
    date_to: str
    def __init__(self, organization_id: _Optional[str] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ...) -> None: ...

class TrialBalanceRow(_message.Message):
    __slots__ = ("code", "name", "depth", "leaf", "opening_debit_fen", "opening_credit_fen", "period_debit_fen", "period_credit_fen", "closing_debit_fen", "closing_credit_fen")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    LEAF_FIELD_NUMBER: _ClassVar[int]
    OPENING_DEBIT_FEN_FIELD_NUMBER: _ClassVar[int]
    OPENING_CREDIT_FEN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_DEBIT_FEN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_CREDIT_FEN_FIELD_NUMBER: _ClassVar[int]
    CLOSING_DEBIT_FEN_FIELD_NUMBER: _ClassVar[int]
    CLOSING_CREDIT_FEN_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    depth: int
    leaf: bool
    opening_debit_fen: int
    opening_credit_fen: int
    period_debit_fen: int
    period_credit_fen: int
    closing_debit_fen: int
    closing_credit_fen: int
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., depth: _Optional[int] = ..., leaf: _Optional[bool] = ..., opening_debit_fen: _Optional[int] = ..., opening_credit_fen: _Optional[int] = ..., period_debit_fen: _Optional[int] = ..., period_credit_fen: _Optional[int] = ..., closing_debit_fen: _Optional[int] = ..., closing_credit_fen: _Optional[int] = ...) -> None: ...

class GetTrialBalanceResponse(_message.Message):
    __slots__ = ("rows", "totals", "chart_version")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    CHART_VERSION_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[TrialBalanceRow]
    totals: TrialBalanceRow
    chart_version: _common_pb2.ChartVersion
    def __init__(self, rows: _Optional[_Iterable[_Union[TrialBalanceRow, _Mapping]]] = ..., totals: _Optional[_Union[TrialBalanceRow, _Mapping]] = ..., chart_version: _Optional[_Union[_common_pb2.ChartVersion, str]] = ...) -> None: ...

class GetAccountLedgerRequest(_message.Message):
    __slots__ = ("organization_id", "account_code", "date_from", "date_to", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CODE_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    account_code: str
    date_from: str
    date_to: str
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., account_code: _Optional[str] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class LedgerEntry(_message.Message):
    __slots__ = ("date", "voucher_id", "voucher_number", "summary", "memo", "account_code", "debit_fen", "credit_fen", "direction", "balance_fen")
    DATE_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    MEMO_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CODE_FIELD_NUMBER: _ClassVar[int]
    DEBIT_FEN_FIELD_NUMBER: _ClassVar[int]
    CREDIT_FEN_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    date: str
    voucher_id: str
    voucher_number: str
    summary: str
    memo: str
    account_code: str
    debit_fen: int
    credit_fen: int
    direction: _common_pb2.BalanceDirection
    balance_fen: int
    def __init__(self, date: _Optional[str] = ..., voucher_id: _Optional[str] = ..., voucher_number: _Optional[str] = ..., summary: _Optional[str] = ..., memo: _Optional[str] = ..., account_code: _Optional[str] = ..., debit_fen: _Optional[int] = ..., credit_fen: _Optional[int] = ..., direction: _Optional[_Union[_common_pb2.BalanceDirection, str]] = ..., balance_fen: _Optional[int] = ...) -> None: ...

class GetAccountLedgerResponse(_message.Message):
    __slots__ = ("account_code", "account_name", "opening_direction", "opening_balance_fen", "entries", "period_debit_fen", "period_credit_fen", "closing_direction", "closing_balance_fen", "next_page_token")
    ACCOUNT_CODE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    OPENING_DIRECTION_FIELD_NUMBER: _ClassVar[int]
    OPENING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    PERIOD_DEBIT_FEN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_CREDIT_FEN_FIELD_NUMBER: _ClassVar[int]
    CLOSING_DIRECTION_FIELD_NUMBER: _ClassVar[int]
    CLOSING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    account_code: str
    account_name: str
    opening_direction: _common_pb2.BalanceDirection
    opening_balance_fen: int
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    period_debit_fen: int
    period_credit_fen: int
    closing_direction: _common_pb2.BalanceDirection
    closing_balance_fen: int
    next_page_token: str
    def __init__(self, account_code: _Optional[str] = ..., account_name: _Optional[str] = ..., opening_direction: _Optional[_Union[_common_pb2.BalanceDirection, str]] = ..., opening_balance_fen: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., period_debit_fen: _Optional[int] = ..., period_credit_fen: _Optional[int] = ..., closing_direction: _Optional[_Union[_common_pb2.BalanceDirection, str]] = ..., closing_balance_fen: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...
