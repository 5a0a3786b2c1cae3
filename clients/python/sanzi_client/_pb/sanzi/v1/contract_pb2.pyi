from sanzi_client._pb.sanzi.v1 import ledger_pb2 as _ledger_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ContractMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTRACT_METHOD_UNSPECIFIED: _ClassVar[ContractMethod]
    CONTRACT_METHOD_LEASE: _ClassVar[ContractMethod]
    CONTRACT_METHOD_SHAREHOLDING: _ClassVar[ContractMethod]
    CONTRACT_METHOD_CONTRACTING: _ClassVar[ContractMethod]
    CONTRACT_METHOD_GRANT: _ClassVar[ContractMethod]

class RentUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RENT_UNIT_UNSPECIFIED: _ClassVar[RentUnit]
    RENT_UNIT_PER_YEAR: _ClassVar[RentUnit]
    RENT_UNIT_PER_MU_PER_YEAR: _ClassVar[RentUnit]
    RENT_UNIT_PER_M2_PER_YEAR: _ClassVar[RentUnit]
    RENT_UNIT_TOTAL: _ClassVar[RentUnit]

class PaymentSchedule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_SCHEDULE_UNSPECIFIED: _ClassVar[PaymentSchedule]
    PAYMENT_SCHEDULE_ANNUAL: _ClassVar[PaymentSchedule]
    PAYMENT_SCHEDULE_SEMI_ANNUAL: _ClassVar[PaymentSchedule]
    PAYMENT_SCHEDULE_QUARTERLY: _ClassVar[PaymentSchedule]
    PAYMENT_SCHEDULE_MONTHLY: _ClassVar[PaymentSchedule]
    PAYMENT_SCHEDULE_ONE_OFF: _ClassVar[PaymentSchedule]

class PartyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTY_KIND_UNSPECIFIED: _ClassVar[PartyKind]
    PARTY_KIND_PERSON: _ClassVar[PartyKind]
    PARTY_KIND_ORGANIZATION: _ClassVar[PartyKind]
CONTRACT_METHOD_UNSPECIFIED: ContractMethod
CONTRACT_METHOD_LEASE: ContractMethod
CONTRACT_METHOD_SHAREHOLDING: ContractMethod
CONTRACT_METHOD_CONTRACTING: ContractMethod
CONTRACT_METHOD_GRANT: ContractMethod
RENT_UNIT_UNSPECIFIED: RentUnit
RENT_UNIT_PER_YEAR: RentUnit
RENT_UNIT_PER_MU_PER_YEAR: RentUnit
RENT_UNIT_PER_M2_PER_YEAR: RentUnit
RENT_UNIT_TOTAL: RentUnit
PAYMENT_SCHEDULE_UNSPECIFIED: PaymentSchedule
PAYMENT_SCHEDULE_ANNUAL: PaymentSchedule
PAYMENT_SCHEDULE_SEMI_ANNUAL: PaymentSchedule
PAYMENT_SCHEDULE_QUARTERLY: PaymentSchedule
PAYMENT_SCHEDULE_MONTHLY: PaymentSchedule
PAYMENT_SCHEDULE_ONE_OFF: PaymentSchedule
PARTY_KIND_UNSPECIFIED: PartyKind
PARTY_KIND_PERSON: PartyKind
PARTY_KIND_ORGANIZATION: PartyKind

class ExpireContractsRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "as_of")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    as_of: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class ExpireContractsResponse(_message.Message):
    __slots__ = ("expired",)
    EXPIRED_FIELD_NUMBER: _ClassVar[int]
    expired: _containers.RepeatedCompositeFieldContainer[Contract]
    def __init__(self, expired: _Optional[_Iterable[_Union[Contract, _Mapping]]] = ...) -> None: ...

class ContractSubject(_message.Message):
    __slots__ = ("asset_id", "parcel_id")
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    PARCEL_ID_FIELD_NUMBER: _ClassVar[int]
    asset_id: str
    parcel_id: str
    def __init__(self, asset_id: _Optional[str] = ..., parcel_id: _Optional[str] = ...) -> None: ...

class Instalment(_message.Message):
    __slots__ = ("due_date", "amount_fen", "paid_fen", "outstanding_fen", "cancelled")
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    due_date: str
    amount_fen: int
    paid_fen: int
    outstanding_fen: int
    cancelled: bool
    def __init__(self, due_date: _Optional[str] = ..., amount_fen: _Optional[int] = ..., paid_fen: _Optional[int] = ..., outstanding_fen: _Optional[int] = ..., cancelled: _Optional[bool] = ...) -> None: ...

class Contract(_message.Message):
    __slots__ = ("id", "organization_id", "code", "counterparty_name", "counterparty_kind", "counterparty_id_number", "subjects", "method", "start_date", "end_date", "rent_fen", "rent_unit", "schedule", "due_day", "deposit_fen", "total_rent_fen", "instalments", "terminated", "terminated_date", "termination_reason", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COUNTERPARTY_NAME_FIELD_NUMBER: _ClassVar[int]
    COUNTERPARTY_KIND_FIELD_NUMBER: _ClassVar[int]
    COUNTERPARTY_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    RENT_FEN_FIELD_NUMBER: _ClassVar[int]
    RENT_UNIT_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    DUE_DAY_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_FEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_RENT_FEN_FIELD_NUMBER: _ClassVar[int]
    INSTALMENTS_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_DATE_FIELD_NUMBER: _ClassVar[int]
    TERMINATION_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    code: str
    counterparty_name: str
    counterparty_kind: PartyKind
    counterparty_id_number: str
    subjects: _containers.RepeatedCompositeFieldContainer[ContractSubject]
    method: ContractMethod
    start_date: str
    end_date: str
    rent_fen: int
    rent_unit: RentUnit
    schedule: PaymentSchedule
    due_day: int
    deposit_fen: int
    total_rent_fen: int
    instalments: _containers.RepeatedCompositeFieldContainer[Instalment]
    terminated: bool
    terminated_date: str
    termination_reason: str
    create_time: str
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., code: _Optional[str] = ..., counterparty_name: _Optional[str] = ..., counterparty_kind: _Optional[_Union[PartyKind, str]] = ..., counterparty_id_number: _Optional[str] = ..., subjects: _Optional[_Iterable[_Union[ContractSubject, _Mapping]]] = ..., method: _Optional[_Union[ContractMethod, str]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., rent_fen: _Optional[int] = ..., rent_unit: _Optional[_Union[RentUnit, str]] = ..., schedule: _Optional[_Union[PaymentSchedule, str]] = ..., due_day: _Optional[int] = ..., deposit_fen: _Optional[int] = ..., total_rent_fen: _Optional[int] = ..., instalments: _Optional[_Iterable[_Union[Instalment, _Mapping]]] = ..., terminated: _Optional[bool] = ..., terminated_date: _Optional[str] = ..., termination_reason: _Optional[str] = ..., create_time: _Optional[str] = ...) -> None: ...

class CreateContractRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "contract")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    contract: Contract
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., contract: _Optional[_Union[Contract, _Mapping]] = ...) -> None: ...

class GetContractRequest(_message.Message):
    __slots__ = ("organization_id", "contract_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    contract_id: str
    def __init__(self, organization_id: _Optional[str] = ..., contract_id: _Optional[str] = ...) -> None: ...

class ListContractsRequest(_message.Message):
    __slots__ = ("organization_id", "active_only", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    active_only: bool
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., active_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListContractsResponse(_message.Message):
    __slots__ = ("contracts", "next_page_token")
    CONTRACTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    contracts: _containers.RepeatedCompositeFieldContainer[Contract]
    next_page_token: str
    def __init__(self, contracts: _Optional[_Iterable[_Union[Contract, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class TerminateContractRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "contract_id", "date", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    contract_id: str
    date: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., contract_id: _Optional[str] = ..., date: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordPaymentRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "contract_id", "amount_fen", "date", "cash_account", "credit_account")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    CASH_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CREDIT_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    contract_id: str
    amount_fen: int
    date: str
    cash_account: str
    credit_account: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., contract_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., date: _Optional[str] = ..., cash_account: _Optional[str] = ..., credit_account: _Optional[str] = ...) -> None: ...

class RecordPaymentResponse(_message.Message):
    __slots__ = ("contract", "voucher")
    CONTRACT_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    contract: Contract
    voucher: _ledger_pb2.Voucher
    def __init__(self, contract: _Optional[_Union[Contract, _Mapping]] = ..., voucher: _Optional[_Union[_ledger_pb2.Voucher, _Mapping]] = ...) -> None: ...

class ListReceivablesRequest(_message.Message):
    __slots__ = ("organization_id", "region_prefix", "as_of", "min_days_overdue")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    MIN_DAYS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    region_prefix: str
    as_of: str
    min_days_overdue: int
    def __init__(self, organization_id: _Optional[str] = ..., region_prefix: _Optional[str] = ..., as_of: _Optional[str] = ..., min_days_overdue: _Optional[int] = ...) -> None: ...

class Receivable(_message.Message):
    __slots__ = ("organization_id", "organization_name", "contract_id", "contract_code", "counterparty_name", "counterparty_id_number", "due_date", "amount_fen", "paid_fen", "outstanding_fen", "days_overdue")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_CODE_FIELD_NUMBER: _ClassVar[int]
    COUNTERPARTY_NAME_FIELD_NUMBER: _ClassVar[int]
    COUNTERPARTY_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    DAYS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    organization_name: str
    contract_id: str
    contract_code: str
    counterparty_name: str
    counterparty_id_number: str
    due_date: str
    amount_fen: int
    paid_fen: int
    outstanding_fen: int
    days_overdue: int
    def __init__(self, organization_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., contract_id: _Optional[str] = ..., contract_code: _Optional[str] = ..., counterparty_name: _Optional[str] = ..., counterparty_id_number: _Optional[str] = ..., due_date: _Optional[str] = ..., amount_fen: _Optional[int] = ..., paid_fen: _Optional[int] = ..., outstanding_fen: _Optional[int] = ..., days_overdue: _Optional[int] = ...) -> None: ...

class ListReceivablesResponse(_message.Message):
    __slots__ = ("receivables", "outstanding_total_fen")
    RECEIVABLES_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    receivables: _containers.RepeatedCompositeFieldContainer[Receivable]
    outstanding_total_fen: int
    def __init__(self, receivables: _Optional[_Iterable[_Union[Receivable, _Mapping]]] = ..., outstanding_total_fen: _Optional[int] = ...) -> None: ...

class RevealCounterpartyIdRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "contract_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    contract_id: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., contract_id: _Optional[str] = ...) -> None: ...

class RevealCounterpartyIdResponse(_message.Message):
    __slots__ = ("counterparty_id_number",)
    COUNTERPARTY_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    counterparty_id_number: str
    def __init__(self, counterparty_id_number: _Optional[str] = ...) -> None: ...
