from google.protobuf import field_mask_pb2 as _field_mask_pb2
from sanzi_client._pb.sanzi.v1 import ledger_pb2 as _ledger_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AssetCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSET_CATEGORY_UNSPECIFIED: _ClassVar[AssetCategory]
    ASSET_CATEGORY_BUILDING: _ClassVar[AssetCategory]
    ASSET_CATEGORY_MACHINERY: _ClassVar[AssetCategory]
    ASSET_CATEGORY_VEHICLE: _ClassVar[AssetCategory]
    ASSET_CATEGORY_INFRASTRUCTURE: _ClassVar[AssetCategory]
    ASSET_CATEGORY_ROAD_BRIDGE: _ClassVar[AssetCategory]
    ASSET_CATEGORY_PUBLIC_FACILITY: _ClassVar[AssetCategory]
    ASSET_CATEGORY_OTHER: _ClassVar[AssetCategory]

class AssetUse(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSET_USE_UNSPECIFIED: _ClassVar[AssetUse]
    ASSET_USE_OPERATING: _ClassVar[AssetUse]
    ASSET_USE_NON_OPERATING: _ClassVar[AssetUse]
    ASSET_USE_UNDETERMINED: _ClassVar[AssetUse]

class DepreciationMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEPRECIATION_METHOD_UNSPECIFIED: _ClassVar[DepreciationMethod]
    DEPRECIATION_METHOD_STRAIGHT_LINE: _ClassVar[DepreciationMethod]
    DEPRECIATION_METHOD_UNITS_OF_USE: _ClassVar[DepreciationMethod]
    DEPRECIATION_METHOD_NONE: _ClassVar[DepreciationMethod]

class AssetStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSET_STATUS_UNSPECIFIED: _ClassVar[AssetStatus]
    ASSET_STATUS_IN_USE: _ClassVar[AssetStatus]
    ASSET_STATUS_LEASED: _ClassVar[AssetStatus]
    ASSET_STATUS_LENT: _ClassVar[AssetStatus]
    ASSET_STATUS_IDLE: _ClassVar[AssetStatus]
    ASSET_STATUS_SCRAPPED: _ClassVar[AssetStatus]
    ASSET_STATUS_DISPOSED: _ClassVar[AssetStatus]
ASSET_CATEGORY_UNSPECIFIED: AssetCategory
ASSET_CATEGORY_BUILDING: AssetCategory
ASSET_CATEGORY_MACHINERY: AssetCategory
ASSET_CATEGORY_VEHICLE: AssetCategory
ASSET_CATEGORY_INFRASTRUCTURE: AssetCategory
ASSET_CATEGORY_ROAD_BRIDGE: AssetCategory
ASSET_CATEGORY_PUBLIC_FACILITY: AssetCategory
ASSET_CATEGORY_OTHER: AssetCategory
ASSET_USE_UNSPECIFIED: AssetUse
ASSET_USE_OPERATING: AssetUse
ASSET_USE_NON_OPERATING: AssetUse
ASSET_USE_UNDETERMINED: AssetUse
DEPRECIATION_METHOD_UNSPECIFIED: DepreciationMethod
DEPRECIATION_METHOD_STRAIGHT_LINE: DepreciationMethod
DEPRECIATION_METHOD_UNITS_OF_USE: DepreciationMethod
DEPRECIATION_METHOD_NONE: DepreciationMethod
ASSET_STATUS_UNSPECIFIED: AssetStatus
ASSET_STATUS_IN_USE: AssetStatus
ASSET_STATUS_LEASED: AssetStatus
ASSET_STATUS_LENT: AssetStatus
ASSET_STATUS_IDLE: AssetStatus
ASSET_STATUS_SCRAPPED: AssetStatus
ASSET_STATUS_DISPOSED: AssetStatus

class Asset(_message.Message):
    __slots__ = ("id", "organization_id", "code", "name", "category", "use", "spec", "quantity", "location", "custodian", "acquired_date", "original_value_fen", "salvage_rate_bp", "method", "useful_life_months", "total_work_units", "expense_account", "status", "poverty_alleviation", "opening_accumulated_fen", "accumulated_depreciation_fen", "net_value_fen", "salvage_value_fen", "has_verified_value", "verified_value_fen", "disposed_date", "acquisition_voucher_id", "last_depreciated_month", "create_time", "update_time", "opening_used_units")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    SPEC_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CUSTODIAN_FIELD_NUMBER: _ClassVar[int]
    ACQUIRED_DATE_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    SALVAGE_RATE_BP_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    USEFUL_LIFE_MONTHS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_WORK_UNITS_FIELD_NUMBER: _ClassVar[int]
    EXPENSE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    POVERTY_ALLEVIATION_FIELD_NUMBER: _ClassVar[int]
    OPENING_ACCUMULATED_FEN_FIELD_NUMBER: _ClassVar[int]
    ACCUMULATED_DEPRECIATION_FEN_FIELD_NUMBER: _ClassVar[int]
    NET_VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    SALVAGE_VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    HAS_VERIFIED_VALUE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    DISPOSED_DATE_FIELD_NUMBER: _ClassVar[int]
    ACQUISITION_VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_DEPRECIATED_MONTH_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    OPENING_USED_UNITS_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    code: str
    name: str
    category: AssetCategory
    use: AssetUse
    spec: str
    quantity: str
    location: str
    custodian: str
    acquired_date: str
    original_value_fen: int
    salvage_rate_bp: int
    method: DepreciationMethod
    useful_life_months: int
    total_work_units: int
    expense_account: str
    status: AssetStatus
    poverty_alleviation: bool
    opening_accumulated_fen: int
    accumulated_depreciation_fen: int
    net_value_fen: int
    salvage_value_fen: int
    has_verified_value: bool
    verified_value_fen: int
    disposed_date: str
    acquisition_voucher_id: str
    last_depreciated_month: str
    create_time: str
    update_time: str
    opening_used_units: int
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., category: _Optional[_Union[AssetCategory, str]] = ..., use: _Optional[_Union[AssetUse, str]] = ..., spec: _Optional[str] = ..., quantity: _Optional[str] = ..., location: _Optional[str] = ..., custodian: _Optional[str] = ..., acquired_date: _Optional[str] = ..., original_value_fen: _Optional[int] = ..., salvage_rate_bp: _Optional[int] = ..., method: _Optional[_Union[DepreciationMethod, str]] = ..., useful_life_months: _Optional[int] = ..., total_work_units: _Optional[int] = ..., expense_account: _Optional[str] = ..., status: _Optional[_Union[AssetStatus, str]] = ..., poverty_alleviation: _Optional[bool] = ..., opening_accumulated_fen: _Optional[int] = ..., accumulated_depreciation_fen: _Optional[int] = ..., net_value_fen: _Optional[int] = ..., salvage_value_fen: _Optional[int] = ..., has_verified_value: _Optional[bool] = ..., verified_value_fen: _Optional[int] = ..., disposed_date: _Optional[str] = ..., acquisition_voucher_id: _Optional[str] = ..., last_depreciated_month: _Optional[str] = ..., create_time: _Optional[str] = ..., update_time: _Optional[str] = ..., opening_used_units: _Optional[int] = ...) -> None: ...

class AssetEvent(_message.Message):
    __slots__ = ("kind", "time", "date", "from_status", "to_status", "amount_fen", "difference_fen", "voucher_id", "note", "user_name")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FEN_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    USER_NAME_FIELD_NUMBER: _ClassVar[int]
    kind: str
    time: str
    date: str
    from_status: AssetStatus
    to_status: AssetStatus
    amount_fen: int
    difference_fen: int
    voucher_id: str
    note: str
    user_name: str
    def __init__(self, kind: _Optional[str] = ..., time: _Optional[str] = ..., date: _Optional[str] = ..., from_status: _Optional[_Union[AssetStatus, str]] = ..., to_status: _Optional[_Union[AssetStatus, str]] = ..., amount_fen: _Optional[int] = ..., difference_fen: _Optional[int] = ..., voucher_id: _Optional[str] = ..., note: _Optional[str] = ..., user_name: _Optional[str] = ...) -> None: ...

class CreateAssetRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "asset", "pay_account")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    PAY_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    asset: Asset
    pay_account: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., asset: _Optional[_Union[Asset, _Mapping]] = ..., pay_account: _Optional[str] = ...) -> None: ...

class CreateAssetResponse(_message.Message):
    __slots__ = ("asset", "acquisition_voucher")
    ASSET_FIELD_NUMBER: _ClassVar[int]
    ACQUISITION_VOUCHER_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    acquisition_voucher: _ledger_pb2.Voucher
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ..., acquisition_voucher: _Optional[_Union[_ledger_pb2.Voucher, _Mapping]] = ...) -> None: ...

class GetAssetRequest(_message.Message):
    __slots__ = ("organization_id", "asset_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    asset_id: str
    def __init__(self, organization_id: _Optional[str] = ..., asset_id: _Optional[str] = ...) -> None: ...

class GetAssetResponse(_message.Message):
    __slots__ = ("asset", "history")
    ASSET_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    history: _containers.RepeatedCompositeFieldContainer[AssetEvent]
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ..., history: _Optional[_Iterable[_Union[AssetEvent, _Mapping]]] = ...) -> None: ...

class ListAssetsRequest(_message.Message):
    __slots__ = ("organization_id", "category", "use", "status", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    USE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    category: AssetCategory
    use: AssetUse
    status: AssetStatus
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., category: _Optional[_Union[AssetCategory, str]] = ..., use: _Optional[_Union[AssetUse, str]] = ..., status: _Optional[_Union[AssetStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAssetsResponse(_message.Message):
    __slots__ = ("assets", "next_page_token")
    ASSETS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assets: _containers.RepeatedCompositeFieldContainer[Asset]
    next_page_token: str
    def __init__(self, assets: _Optional[_Iterable[_Union[Asset, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateAssetRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "asset", "update_mask")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    asset: Asset
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., asset: _Optional[_Union[Asset, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class ChangeAssetStatusRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "asset_id", "status", "date", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    asset_id: str
    status: AssetStatus
    date: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., asset_id: _Optional[str] = ..., status: _Optional[_Union[AssetStatus, str]] = ..., date: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RecordInventoryCountRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "asset_id", "verified_value_fen", "date", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    asset_id: str
    verified_value_fen: int
    date: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., asset_id: _Optional[str] = ..., verified_value_fen: _Optional[int] = ..., date: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RecordInventoryCountResponse(_message.Message):
    __slots__ = ("asset", "difference_fen")
    ASSET_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FEN_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    difference_fen: int
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ..., difference_fen: _Optional[int] = ...) -> None: ...

class RecordWorkUnitsRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "asset_id", "month", "units")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    asset_id: str
    month: str
    units: int
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., asset_id: _Optional[str] = ..., month: _Optional[str] = ..., units: _Optional[int] = ...) -> None: ...

class DisposeAssetRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "asset_id", "date", "proceeds_fen", "proceeds_account", "costs_fen", "costs_account", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    PROCEEDS_FEN_FIELD_NUMBER: _ClassVar[int]
    PROCEEDS_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    COSTS_FEN_FIELD_NUMBER: _ClassVar[int]
    COSTS_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    asset_id: str
    date: str
    proceeds_fen: int
    proceeds_account: str
    costs_fen: int
    costs_account: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., asset_id: _Optional[str] = ..., date: _Optional[str] = ..., proceeds_fen: _Optional[int] = ..., proceeds_account: _Optional[str] = ..., costs_fen: _Optional[int] = ..., costs_account: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class DisposeAssetResponse(_message.Message):
    __slots__ = ("asset", "voucher")
    ASSET_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    asset: Asset
    voucher: _ledger_pb2.Voucher
    def __init__(self, asset: _Optional[_Union[Asset, _Mapping]] = ..., voucher: _Optional[_Union[_ledger_pb2.Voucher, _Mapping]] = ...) -> None: ...

class RunDepreciationRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    month: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., month: _Optional[str] = ...) -> None: ...

class DepreciationCharge(_message.Message):
    __slots__ = ("asset_id", "amount_fen")
    ASSET_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    asset_id: str
    amount_fen: int
    def __init__(self, asset_id: _Optional[str] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class RunDepreciationResponse(_message.Message):
    __slots__ = ("month", "voucher", "charges", "total_fen", "already_run")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    VOUCHER_FIELD_NUMBER: _ClassVar[int]
    CHARGES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    ALREADY_RUN_FIELD_NUMBER: _ClassVar[int]
    month: str
    voucher: _ledger_pb2.Voucher
    charges: _containers.RepeatedCompositeFieldContainer[DepreciationCharge]
    total_fen: int
    already_run: bool
    def __init__(self, month: _Optional[str] = ..., voucher: _Optional[_Union[_ledger_pb2.Voucher, _Mapping]] = ..., charges: _Optional[_Iterable[_Union[DepreciationCharge, _Mapping]]] = ..., total_fen: _Optional[int] = ..., already_run: _Optional[bool] = ...) -> None: ...

class GetAssetReconciliationRequest(_message.Message):
    __slots__ = ("organization_id",)
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ...) -> None: ...

class AssetReconciliation(_message.Message):
    __slots__ = ("cards_original_value_fen", "ledger_fixed_assets_fen", "cards_accumulated_depreciation_fen", "ledger_accumulated_depreciation_fen", "balanced", "cards")
    CARDS_ORIGINAL_VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    LEDGER_FIXED_ASSETS_FEN_FIELD_NUMBER: _ClassVar[int]
    CARDS_ACCUMULATED_DEPRECIATION_FEN_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ACCUMULATED_DEPRECIATION_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCED_FIELD_NUMBER: _ClassVar[int]
    CARDS_FIELD_NUMBER: _ClassVar[int]
    cards_original_value_fen: int
    ledger_fixed_assets_fen: int
    cards_accumulated_depreciation_fen: int
    ledger_accumulated_depreciation_fen: int
    balanced: bool
    cards: _containers.RepeatedCompositeFieldContainer[Asset]
    def __init__(self, cards_original_value_fen: _Optional[int] = ..., ledger_fixed_assets_fen: _Optional[int] = ..., cards_accumulated_depreciation_fen: _Optional[int] = ..., ledger_accumulated_depreciation_fen: _Optional[int] = ..., balanced: _Optional[bool] = ..., cards: _Optional[_Iterable[_Union[Asset, _Mapping]]] = ...) -> None: ...
