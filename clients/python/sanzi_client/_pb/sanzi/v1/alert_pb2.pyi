from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AlertSeverity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_SEVERITY_UNSPECIFIED: _ClassVar[AlertSeverity]
    ALERT_SEVERITY_YELLOW: _ClassVar[AlertSeverity]
    ALERT_SEVERITY_RED: _ClassVar[AlertSeverity]

class AlertKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_KIND_UNSPECIFIED: _ClassVar[AlertKind]
    ALERT_KIND_RENT_OVERDUE: _ClassVar[AlertKind]
    ALERT_KIND_CONTRACT_EXPIRING: _ClassVar[AlertKind]
    ALERT_KIND_CONTRACT_TERM_OVER_LIMIT: _ClassVar[AlertKind]
    ALERT_KIND_CASH_OVER_LIMIT: _ClassVar[AlertKind]
    ALERT_KIND_CASH_PAYMENT_OVER_LIMIT: _ClassVar[AlertKind]
    ALERT_KIND_RECEIPTS_NOT_BANKED: _ClassVar[AlertKind]
    ALERT_KIND_PRICE_BELOW_RESERVE: _ClassVar[AlertKind]
    ALERT_KIND_DRAFTS_STALE: _ClassVar[AlertKind]
    ALERT_KIND_MONTH_NOT_CLOSED: _ClassVar[AlertKind]
    ALERT_KIND_DISCLOSURE_NOT_PUBLISHED: _ClassVar[AlertKind]
    ALERT_KIND_CASH_NEGATIVE: _ClassVar[AlertKind]
    ALERT_KIND_BANK_NEGATIVE: _ClassVar[AlertKind]
ALERT_SEVERITY_UNSPECIFIED: AlertSeverity
ALERT_SEVERITY_YELLOW: AlertSeverity
ALERT_SEVERITY_RED: AlertSeverity
ALERT_KIND_UNSPECIFIED: AlertKind
ALERT_KIND_RENT_OVERDUE: AlertKind
ALERT_KIND_CONTRACT_EXPIRING: AlertKind
ALERT_KIND_CONTRACT_TERM_OVER_LIMIT: AlertKind
ALERT_KIND_CASH_OVER_LIMIT: AlertKind
ALERT_KIND_CASH_PAYMENT_OVER_LIMIT: AlertKind
ALERT_KIND_RECEIPTS_NOT_BANKED: AlertKind
ALERT_KIND_PRICE_BELOW_RESERVE: AlertKind
ALERT_KIND_DRAFTS_STALE: AlertKind
ALERT_KIND_MONTH_NOT_CLOSED: AlertKind
ALERT_KIND_DISCLOSURE_NOT_PUBLISHED: AlertKind
ALERT_KIND_CASH_NEGATIVE: AlertKind
ALERT_KIND_BANK_NEGATIVE: AlertKind

class ListAlertsRequest(_message.Message):
    __slots__ = ("scope", "organization_id", "severity", "kind", "as_of", "include_acknowledged")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    scope: str
    organization_id: str
    severity: AlertSeverity
    kind: AlertKind
    as_of: str
    include_acknowledged: bool
    def __init__(self, scope: _Optional[str] = ..., organization_id: _Optional[str] = ..., severity: _Optional[_Union[AlertSeverity, str]] = ..., kind: _Optional[_Union[AlertKind, str]] = ..., as_of: _Optional[str] = ..., include_acknowledged: _Optional[bool] = ...) -> None: ...

class AlertEvidence(_message.Message):
    __slots__ = ("label", "value")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    label: str
    value: str
    def __init__(self, label: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("id", "kind", "severity", "organization_id", "organization_name", "region_code", "title", "evidence", "voucher_numbers", "contract_code", "amount_fen", "days", "fingerprint", "acknowledged", "acknowledged_note", "acknowledged_by", "acknowledged_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_CODE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_NOTE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_BY_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: AlertKind
    severity: AlertSeverity
    organization_id: str
    organization_name: str
    region_code: str
    title: str
    evidence: _containers.RepeatedCompositeFieldContainer[AlertEvidence]
    voucher_numbers: _containers.RepeatedScalarFieldContainer[str]
    contract_code: str
    amount_fen: int
    days: int
    fingerprint: str
    acknowledged: bool
    acknowledged_note: str
    acknowledged_by: str
    acknowledged_time: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[AlertKind, str]] = ..., severity: _Optional[_Union[AlertSeverity, str]] = ..., organization_id: _Optional[str] = ..., organization_name: _Optional[str] = ..., region_code: _Optional[str] = ..., title: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[AlertEvidence, _Mapping]]] = ..., voucher_numbers: _Optional[_Iterable[str]] = ..., contract_code: _Optional[str] = ..., amount_fen: _Optional[int] = ..., days: _Optional[int] = ..., fingerprint: _Optional[str] = ..., acknowledged: _Optional[bool] = ..., acknowledged_note: _Optional[str] = ..., acknowledged_by: _Optional[str] = ..., acknowledged_time: _Optional[str] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("as_of", "alerts")
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    as_of: str
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    def __init__(self, as_of: _Optional[str] = ..., alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ...) -> None: ...

class AcknowledgeAlertRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "alert_id", "note", "as_of")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    alert_id: str
    note: str
    as_of: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., alert_id: _Optional[str] = ..., note: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class Thresholds(_message.Message):
    __slots__ = ("rent_yellow_fen", "rent_yellow_months", "rent_red_fen", "rent_red_months", "expiring_days", "term_years_max", "cash_limit_fen", "cash_payment_limit_fen", "unbanked_days", "draft_days", "close_grace_days", "disclosure_grace_days", "lookback_days")
    RENT_YELLOW_FEN_FIELD_NUMBER: _ClassVar[int]
    RENT_YELLOW_MONTHS_FIELD_NUMBER: _ClassVar[int]
    RENT_RED_FEN_FIELD_NUMBER: _ClassVar[int]
    RENT_RED_MONTHS_FIELD_NUMBER: _ClassVar[int]
    EXPIRING_DAYS_FIELD_NUMBER: _ClassVar[int]
    TERM_YEARS_MAX_FIELD_NUMBER: _ClassVar[int]
    CASH_LIMIT_FEN_FIELD_NUMBER: _ClassVar[int]
    CASH_PAYMENT_LIMIT_FEN_FIELD_NUMBER: _ClassVar[int]
    UNBANKED_DAYS_FIELD_NUMBER: _ClassVar[int]
    DRAFT_DAYS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_GRACE_DAYS_FIELD_NUMBER: _ClassVar[int]
    DISCLOSURE_GRACE_DAYS_FIELD_NUMBER: _ClassVar[int]
    LOOKBACK_DAYS_FIELD_NUMBER: _ClassVar[int]
    rent_yellow_fen: int
    rent_yellow_months: int
    rent_red_fen: int
    rent_red_months: int
    expiring_days: int
    term_years_max: int
    cash_limit_fen: int
    cash_payment_limit_fen: int
    unbanked_days: int
    draft_days: int
    close_grace_days: int
    disclosure_grace_days: int
    lookback_days: int
    def __init__(self, rent_yellow_fen: _Optional[int] = ..., rent_yellow_months: _Optional[int] = ..., rent_red_fen: _Optional[int] = ..., rent_red_months: _Optional[int] = ..., expiring_days: _Optional[int] = ..., term_years_max: _Optional[int] = ..., cash_limit_fen: _Optional[int] = ..., cash_payment_limit_fen: _Optional[int] = ..., unbanked_days: _Optional[int] = ..., draft_days: _Optional[int] = ..., close_grace_days: _Optional[int] = ..., disclosure_grace_days: _Optional[int] = ..., lookback_days: _Optional[int] = ...) -> None: ...

class SetAlertThresholdsRequest(_message.Message):
    __slots__ = ("request_id", "region_prefix", "thresholds")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    THRESHOLDS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    region_prefix: str
    thresholds: Thresholds
    def __init__(self, request_id: _Optional[str] = ..., region_prefix: _Optional[str] = ..., thresholds: _Optional[_Union[Thresholds, _Mapping]] = ...) -> None: ...

class GetAlertThresholdsRequest(_message.Message):
    __slots__ = ("region_prefix",)
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    region_prefix: str
    def __init__(self, region_prefix: _Optional[str] = ...) -> None: ...

class AlertThresholds(_message.Message):
    __slots__ = ("region_prefix", "configured_prefix", "defaults", "thresholds", "set_by", "set_time")
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    CONFIGURED_PREFIX_FIELD_NUMBER: _ClassVar[int]
    DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    THRESHOLDS_FIELD_NUMBER: _ClassVar[int]
    SET_BY_FIELD_NUMBER: _ClassVar[int]
    SET_TIME_FIELD_NUMBER: _ClassVar[int]
    region_prefix: str
    configured_prefix: str
    defaults: bool
    thresholds: Thresholds
    set_by: str
    set_time: str
    def __init__(self, region_prefix: _Optional[str] = ..., configured_prefix: _Optional[str] = ..., defaults: _Optional[bool] = ..., thresholds: _Optional[_Union[Thresholds, _Mapping]] = ..., set_by: _Optional[str] = ..., set_time: _Optional[str] = ...) -> None: ...
