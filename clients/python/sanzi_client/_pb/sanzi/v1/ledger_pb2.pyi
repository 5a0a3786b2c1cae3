from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VoucherStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOUCHER_STATUS_UNSPECIFIED: _ClassVar[VoucherStatus]
    VOUCHER_STATUS_DRAFT: _ClassVar[VoucherStatus]
    VOUCHER_STATUS_REVIEWED: _ClassVar[VoucherStatus]
    VOUCHER_STATUS_POSTED: _ClassVar[VoucherStatus]
    VOUCHER_STATUS_VOID: _ClassVar[VoucherStatus]

class VoucherSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOUCHER_SOURCE_UNSPECIFIED: _ClassVar[VoucherSource]
    VOUCHER_SOURCE_MANUAL: _ClassVar[VoucherSource]
    VOUCHER_SOURCE_IMPORT: _ClassVar[VoucherSource]
    VOUCHER_SOURCE_REVERSAL: _ClassVar[VoucherSource]
    VOUCHER_SOURCE_ASSET: _ClassVar[VoucherSource]
    VOUCHER_SOURCE_YEAR_END: _ClassVar[VoucherSource]
VOUCHER_STATUS_UNSPECIFIED: VoucherStatus
VOUCHER_STATUS_DRAFT: VoucherStatus
VOUCHER_STATUS_REVIEWED: VoucherStatus
VOUCHER_STATUS_POSTED: VoucherStatus
VOUCHER_STATUS_VOID: VoucherStatus
VOUCHER_SOURCE_UNSPECIFIED: VoucherSource
VOUCHER_SOURCE_MANUAL: VoucherSource
VOUCHER_SOURCE_IMPORT: VoucherSource
VOUCHER_SOURCE_REVERSAL: VoucherSource
VOUCHER_SOURCE_ASSET: VoucherSource
VOUCHER_SOURCE_YEAR_END: VoucherSource

class VoucherLine(_message.Message):
    __slots__ = ("account_code", "debit_fen", "credit_fen", "memo", "account_name")
    ACCOUNT_CODE_FIELD_NUMBER: _ClassVar[int]
    DEBIT_FEN_FIELD_NUMBER: _ClassVar[int]
    CREDIT_FEN_FIELD_NUMBER: _ClassVar[int]
    MEMO_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    account_code: str
    debit_fen: int
    credit_fen: int
    memo: str
    account_name: str
    def __init__(self, account_code: _Optional[str] = ..., debit_fen: _Optional[int] = ..., credit_fen: _Optional[int] = ..., memo: _Optional[str] = ..., account_name: _Optional[str] = ...) -> None: ...

class Voucher(_message.Message):
    __slots__ = ("id", "organization_id", "number", "date", "summary", "lines", "attachment_count", "preparer", "reviewer", "poster", "status", "source", "reverses_voucher_id", "reversed_by_voucher_id", "debit_total_fen", "credit_total_fen", "create_time", "review_time", "post_time", "origin", "original_preparer", "original_reviewer", "void_reason", "voided_by", "void_time", "warnings")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    PREPARER_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    POSTER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REVERSES_VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    REVERSED_BY_VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    DEBIT_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    CREDIT_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    POST_TIME_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_PREPARER_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_REVIEWER_FIELD_NUMBER: _ClassVar[int]
    VOID_REASON_FIELD_NUMBER: _ClassVar[int]
    VOIDED_BY_FIELD_NUMBER: _ClassVar[int]
    VOID_TIME_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    number: str
    date: str
    summary: str
    lines: _containers.RepeatedCompositeFieldContainer[VoucherLine]
    attachment_count: int
    preparer: str
    reviewer: str
    poster: str
    status: VoucherStatus
    source: VoucherSource
    reverses_voucher_id: str
    reversed_by_voucher_id: str
    debit_total_fen: int
    credit_total_fen: int
    create_time: str
    review_time: str
    post_time: str
    origin: str
    original_preparer: str
    original_reviewer: str
    void_reason: str
    voided_by: str
    void_time: str
    warnings: _containers.RepeatedCompositeFieldContainer[BookWarning]
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., number: _Optional[str] = ..., date: _Optional[str] = ..., summary: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[VoucherLine, _Mapping]]] = ..., attachment_count: _Optional[int] = ..., preparer: _Optional[str] = ..., reviewer: _Optional[str] = ..., poster: _Optional[str] = ..., status: _Optional[_Union[VoucherStatus, str]] = ..., source: _Optional[_Union[VoucherSource, str]] = ..., reverses_voucher_id: _Optional[str] = ..., reversed_by_voucher_id: _Optional[str] = ..., debit_total_fen: _Optional[int] = ..., credit_total_fen: _Optional[int] = ..., create_time: _Optional[str] = ..., review_time: _Optional[str] = ..., post_time: _Optional[str] = ..., origin: _Optional[str] = ..., original_preparer: _Optional[str] = ..., original_reviewer: _Optional[str] = ..., void_reason: _Optional[str] = ..., voided_by: _Optional[str] = ..., void_time: _Optional[str] = ..., warnings: _Optional[_Iterable[_Union[BookWarning, _Mapping]]] = ...) -> None: ...

class BookWarning(_message.Message):
    __slots__ = ("reason", "account_code", "account_name", "date", "balance_fen", "voucher_number")
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CODE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    reason: str
    account_code: str
    account_name: str
    date: str
    balance_fen: int
    voucher_number: str
    def __init__(self, reason: _Optional[str] = ..., account_code: _Optional[str] = ..., account_name: _Optional[str] = ..., date: _Optional[str] = ..., balance_fen: _Optional[int] = ..., voucher_number: _Optional[str] = ...) -> None: ...

class CreateVoucherRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "date", "summary", "lines", "attachment_count")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    date: str
    summary: str
    lines: _containers.RepeatedCompositeFieldContainer[VoucherLine]
    attachment_count: int
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., date: _Optional[str] = ..., summary: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[VoucherLine, _Mapping]]] = ..., attachment_count: _Optional[int] = ...) -> None: ...

class UpdateVoucherRequest(_message.Message):
    __slots__ = ("request_id", "voucher_id", "date", "summary", "lines", "attachment_count", "organization_id", "update_mask")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    voucher_id: str
    date: str
    summary: str
    lines: _containers.RepeatedCompositeFieldContainer[VoucherLine]
    attachment_count: int
    organization_id: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, request_id: _Optional[str] = ..., voucher_id: _Optional[str] = ..., date: _Optional[str] = ..., summary: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[VoucherLine, _Mapping]]] = ..., attachment_count: _Optional[int] = ..., organization_id: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class CancelVoucherReviewRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "voucher_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    voucher_id: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., voucher_id: _Optional[str] = ...) -> None: ...

class VoidVoucherRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "voucher_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    voucher_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., voucher_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReviewVoucherRequest(_message.Message):
    __slots__ = ("request_id", "voucher_id", "organization_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    voucher_id: str
    organization_id: str
    def __init__(self, request_id: _Optional[str] = ..., voucher_id: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class PostVoucherRequest(_message.Message):
    __slots__ = ("request_id", "voucher_id", "organization_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    voucher_id: str
    organization_id: str
    def __init__(self, request_id: _Optional[str] = ..., voucher_id: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class ReverseVoucherRequest(_message.Message):
    __slots__ = ("request_id", "voucher_id", "date", "summary", "organization_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    voucher_id: str
    date: str
    summary: str
    organization_id: str
    def __init__(self, request_id: _Optional[str] = ..., voucher_id: _Optional[str] = ..., date: _Optional[str] = ..., summary: _Optional[str] = ..., organization_id: _Optional[str] = ...) -> None: ...

class ReverseVoucherResponse(_message.Message):
    __slots__ = ("original", "reversal")
    ORIGINAL_FIELD_NUMBER: _ClassVar[int]
    REVERSAL_FIELD_NUMBER: _ClassVar[int]
    original: Voucher
    reversal: Voucher
    def __init__(self, original: _Optional[_Union[Voucher, _Mapping]] = ..., reversal: _Optional[_Union[Voucher, _Mapping]] = ...) -> None: ...

class GetVoucherRequest(_message.Message):
    __slots__ = ("voucher_id", "organization_id", "number")
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    voucher_id: str
    organization_id: str
    number: str
    def __init__(self, voucher_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., number: _Optional[str] = ...) -> None: ...

class ListVouchersRequest(_message.Message):
    __slots__ = ("organization_id", "date_from", "date_to", "status", "account_code", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    date_from: str
    date_to: str
    status: VoucherStatus
    account_code: str
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., status: _Optional[_Union[VoucherStatus, str]] = ..., account_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListVouchersResponse(_message.Message):
    __slots__ = ("vouchers", "next_page_token")
    VOUCHERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    vouchers: _containers.RepeatedCompositeFieldContainer[Voucher]
    next_page_token: str
    def __init__(self, vouchers: _Optional[_Iterable[_Union[Voucher, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ImportedVoucher(_message.Message):
    __slots__ = ("date", "summary", "lines", "attachment_count", "preparer", "reviewer")
    DATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    PREPARER_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_FIELD_NUMBER: _ClassVar[int]
    date: str
    summary: str
    lines: _containers.RepeatedCompositeFieldContainer[VoucherLine]
    attachment_count: int
    preparer: str
    reviewer: str
    def __init__(self, date: _Optional[str] = ..., summary: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[VoucherLine, _Mapping]]] = ..., attachment_count: _Optional[int] = ..., preparer: _Optional[str] = ..., reviewer: _Optional[str] = ...) -> None: ...

class ImportVouchersRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "vouchers")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    VOUCHERS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    vouchers: _containers.RepeatedCompositeFieldContainer[ImportedVoucher]
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., vouchers: _Optional[_Iterable[_Union[ImportedVoucher, _Mapping]]] = ...) -> None: ...

class ImportedVoucherResult(_message.Message):
    __slots__ = ("id", "number")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ...) -> None: ...

class ImportVouchersResponse(_message.Message):
    __slots__ = ("vouchers", "warnings")
    VOUCHERS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    vouchers: _containers.RepeatedCompositeFieldContainer[ImportedVoucherResult]
    warnings: _containers.RepeatedCompositeFieldContainer[BookWarning]
    def __init__(self, vouchers: _Optional[_Iterable[_Union[ImportedVoucherResult, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[BookWarning, _Mapping]]] = ...) -> None: ...
