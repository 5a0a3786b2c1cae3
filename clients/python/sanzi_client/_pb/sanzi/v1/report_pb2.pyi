from sanzi_client._pb.sanzi.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StatementKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STATEMENT_KIND_UNSPECIFIED: _ClassVar[StatementKind]
    STATEMENT_KIND_BALANCE_SHEET: _ClassVar[StatementKind]
    STATEMENT_KIND_INCOME_STATEMENT: _ClassVar[StatementKind]
    STATEMENT_KIND_TRIAL_BALANCE: _ClassVar[StatementKind]

class FileFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FILE_FORMAT_UNSPECIFIED: _ClassVar[FileFormat]
    FILE_FORMAT_XLSX: _ClassVar[FileFormat]
    FILE_FORMAT_CSV: _ClassVar[FileFormat]
STATEMENT_KIND_UNSPECIFIED: StatementKind
STATEMENT_KIND_BALANCE_SHEET: StatementKind
STATEMENT_KIND_INCOME_STATEMENT: StatementKind
STATEMENT_KIND_TRIAL_BALANCE: StatementKind
FILE_FORMAT_UNSPECIFIED: FileFormat
FILE_FORMAT_XLSX: FileFormat
FILE_FORMAT_CSV: FileFormat

class GetDisclosureRequest(_message.Message):
    __slots__ = ("organization_id", "period")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    period: str
    def __init__(self, organization_id: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class PublishDisclosureRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "period")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    period: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class DisclosureEntry(_message.Message):
    __slots__ = ("date", "voucher_number", "summary", "amount_fen")
    DATE_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    date: str
    voucher_number: str
    summary: str
    amount_fen: int
    def __init__(self, date: _Optional[str] = ..., voucher_number: _Optional[str] = ..., summary: _Optional[str] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class DisclosureBalance(_message.Message):
    __slots__ = ("label", "start_fen", "end_fen")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    START_FEN_FIELD_NUMBER: _ClassVar[int]
    END_FEN_FIELD_NUMBER: _ClassVar[int]
    label: str
    start_fen: int
    end_fen: int
    def __init__(self, label: _Optional[str] = ..., start_fen: _Optional[int] = ..., end_fen: _Optional[int] = ...) -> None: ...

class DisclosureItem(_message.Message):
    __slots__ = ("cells", "amount_fen")
    CELLS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    cells: _containers.RepeatedScalarFieldContainer[str]
    amount_fen: int
    def __init__(self, cells: _Optional[_Iterable[str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class DisclosurePublication(_message.Message):
    __slots__ = ("id", "organization_id", "organization_name", "region_code", "period", "time", "by", "sha256")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    organization_name: str
    region_code: str
    period: str
    time: str
    by: str
    sha256: str
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., region_code: _Optional[str] = ..., period: _Optional[str] = ..., time: _Optional[str] = ..., by: _Optional[str] = ..., sha256: _Optional[str] = ...) -> None: ...

class Disclosure(_message.Message):
    __slots__ = ("organization_id", "organization_name", "period", "date_from", "date_to", "income", "expense", "income_total_fen", "expense_total_fen", "balances", "assets_added", "assets_disposed", "contracts", "rent", "listings", "html", "sha256", "published_on", "publication")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    INCOME_FIELD_NUMBER: _ClassVar[int]
    EXPENSE_FIELD_NUMBER: _ClassVar[int]
    INCOME_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    EXPENSE_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCES_FIELD_NUMBER: _ClassVar[int]
    ASSETS_ADDED_FIELD_NUMBER: _ClassVar[int]
    ASSETS_DISPOSED_FIELD_NUMBER: _ClassVar[int]
    CONTRACTS_FIELD_NUMBER: _ClassVar[int]
    RENT_FIELD_NUMBER: _ClassVar[int]
    LISTINGS_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_ON_FIELD_NUMBER: _ClassVar[int]
    PUBLICATION_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    organization_name: str
    period: str
    date_from: str
    date_to: str
    income: _containers.RepeatedCompositeFieldContainer[DisclosureEntry]
    expense: _containers.RepeatedCompositeFieldContainer[DisclosureEntry]
    income_total_fen: int
    expense_total_fen: int
    balances: _containers.RepeatedCompositeFieldContainer[DisclosureBalance]
    assets_added: _containers.RepeatedCompositeFieldContainer[DisclosureItem]
    assets_disposed: _containers.RepeatedCompositeFieldContainer[DisclosureItem]
    contracts: _containers.RepeatedCompositeFieldContainer[DisclosureItem]
    rent: _containers.RepeatedCompositeFieldContainer[DisclosureItem]
    listings: _containers.RepeatedCompositeFieldContainer[DisclosureItem]
    html: str
    sha256: str
    published_on: str
    publication: DisclosurePublication
    def __init__(self, organization_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., period: _Optional[str] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., income: _Optional[_Iterable[_Union[DisclosureEntry, _Mapping]]] = ..., expense: _Optional[_Iterable[_Union[DisclosureEntry, _Mapping]]] = ..., income_total_fen: _Optional[int] = ..., expense_total_fen: _Optional[int] = ..., balances: _Optional[_Iterable[_Union[DisclosureBalance, _Mapping]]] = ..., assets_added: _Optional[_Iterable[_Union[DisclosureItem, _Mapping]]] = ..., assets_disposed: _Optional[_Iterable[_Union[DisclosureItem, _Mapping]]] = ..., contracts: _Optional[_Iterable[_Union[DisclosureItem, _Mapping]]] = ..., rent: _Optional[_Iterable[_Union[DisclosureItem, _Mapping]]] = ..., listings: _Optional[_Iterable[_Union[DisclosureItem, _Mapping]]] = ..., html: _Optional[str] = ..., sha256: _Optional[str] = ..., published_on: _Optional[str] = ..., publication: _Optional[_Union[DisclosurePublication, _Mapping]] = ...) -> None: ...

class ListDisclosuresRequest(_message.Message):
    __slots__ = ("organization_id", "region_prefix")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    region_prefix: str
    def __init__(self, organization_id: _Optional[str] = ..., region_prefix: _Optional[str] = ...) -> None: ...

class ListDisclosuresResponse(_message.Message):
    __slots__ = ("publications",)
    PUBLICATIONS_FIELD_NUMBER: _ClassVar[int]
    publications: _containers.RepeatedCompositeFieldContainer[DisclosurePublication]
    def __init__(self, publications: _Optional[_Iterable[_Union[DisclosurePublication, _Mapping]]] = ...) -> None: ...

class GetStatementRequest(_message.Message):
    __slots__ = ("kind", "organization_id", "region_prefix", "period")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    kind: StatementKind
    organization_id: str
    region_prefix: str
    period: str
    def __init__(self, kind: _Optional[_Union[StatementKind, str]] = ..., organization_id: _Optional[str] = ..., region_prefix: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class GetStatementFileRequest(_message.Message):
    __slots__ = ("statement", "format", "language")
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    statement: GetStatementRequest
    format: FileFormat
    language: str
    def __init__(self, statement: _Optional[_Union[GetStatementRequest, _Mapping]] = ..., format: _Optional[_Union[FileFormat, str]] = ..., language: _Optional[str] = ...) -> None: ...

class StatementFile(_message.Message):
    __slots__ = ("file_name", "content_type", "content")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    content_type: str
    content: bytes
    def __init__(self, file_name: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class StatementLine(_message.Message):
    __slots__ = ("row", "label", "indent", "code", "values_fen", "heading")
    ROW_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    INDENT_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    VALUES_FEN_FIELD_NUMBER: _ClassVar[int]
    HEADING_FIELD_NUMBER: _ClassVar[int]
    row: int
    label: str
    indent: int
    code: str
    values_fen: _containers.RepeatedScalarFieldContainer[int]
    heading: bool
    def __init__(self, row: _Optional[int] = ..., label: _Optional[str] = ..., indent: _Optional[int] = ..., code: _Optional[str] = ..., values_fen: _Optional[_Iterable[int]] = ..., heading: _Optional[bool] = ...) -> None: ...

class StatementCheck(_message.Message):
    __slots__ = ("text", "holds")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    text: str
    holds: bool
    def __init__(self, text: _Optional[str] = ..., holds: _Optional[bool] = ...) -> None: ...

class Statement(_message.Message):
    __slots__ = ("kind", "title", "chart_version", "entity", "period", "date_from", "date_to", "columns", "lines", "checks", "notes", "organization_ids", "unit", "generated_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CHART_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENTITY_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_IDS_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    kind: StatementKind
    title: str
    chart_version: _common_pb2.ChartVersion
    entity: str
    period: str
    date_from: str
    date_to: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    lines: _containers.RepeatedCompositeFieldContainer[StatementLine]
    checks: _containers.RepeatedCompositeFieldContainer[StatementCheck]
    notes: _containers.RepeatedScalarFieldContainer[str]
    organization_ids: _containers.RepeatedScalarFieldContainer[str]
    unit: str
    generated_at: str
    def __init__(self, kind: _Optional[_Union[StatementKind, str]] = ..., title: _Optional[str] = ..., chart_version: _Optional[_Union[_common_pb2.ChartVersion, str]] = ..., entity: _Optional[str] = ..., period: _Optional[str] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ..., lines: _Optional[_Iterable[_Union[StatementLine, _Mapping]]] = ..., checks: _Optional[_Iterable[_Union[StatementCheck, _Mapping]]] = ..., notes: _Optional[_Iterable[str]] = ..., organization_ids: _Optional[_Iterable[str]] = ..., unit: _Optional[str] = ..., generated_at: _Optional[str] = ...) -> None: ...

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
