from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LandClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LAND_CLASS_UNSPECIFIED: _ClassVar[LandClass]
    LAND_CLASS_CULTIVATED: _ClassVar[LandClass]
    LAND_CLASS_GARDEN: _ClassVar[LandClass]
    LAND_CLASS_FOREST: _ClassVar[LandClass]
    LAND_CLASS_GRASSLAND: _ClassVar[LandClass]
    LAND_CLASS_AQUACULTURE: _ClassVar[LandClass]
    LAND_CLASS_FACILITY_FARMING: _ClassVar[LandClass]
    LAND_CLASS_WASTELAND: _ClassVar[LandClass]
    LAND_CLASS_COMMERCIAL_CONSTRUCTION: _ClassVar[LandClass]
    LAND_CLASS_HOMESTEAD: _ClassVar[LandClass]
    LAND_CLASS_OTHER: _ClassVar[LandClass]

class Ownership(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OWNERSHIP_UNSPECIFIED: _ClassVar[Ownership]
    OWNERSHIP_COLLECTIVE: _ClassVar[Ownership]
    OWNERSHIP_VILLAGER_GROUP: _ClassVar[Ownership]
    OWNERSHIP_VILLAGE_ORGANIZATION: _ClassVar[Ownership]
    OWNERSHIP_TOWNSHIP_ORGANIZATION: _ClassVar[Ownership]
    OWNERSHIP_OTHER_COLLECTIVE: _ClassVar[Ownership]

class ParcelKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARCEL_KIND_UNSPECIFIED: _ClassVar[ParcelKind]
    PARCEL_KIND_CONTRACTED: _ClassVar[ParcelKind]
    PARCEL_KIND_PRIVATE_PLOT: _ClassVar[ParcelKind]
    PARCEL_KIND_RESERVE: _ClassVar[ParcelKind]
    PARCEL_KIND_RECLAIMED: _ClassVar[ParcelKind]
    PARCEL_KIND_OTHER_COLLECTIVE_LAND: _ClassVar[ParcelKind]

class UseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USE_STATUS_UNSPECIFIED: _ClassVar[UseStatus]
    USE_STATUS_COLLECTIVE_OPERATION: _ClassVar[UseStatus]
    USE_STATUS_HOUSEHOLD: _ClassVar[UseStatus]
    USE_STATUS_LEASED: _ClassVar[UseStatus]
    USE_STATUS_IDLE: _ClassVar[UseStatus]
    USE_STATUS_FOR_TRANSFER: _ClassVar[UseStatus]

class RetireReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RETIRE_REASON_UNSPECIFIED: _ClassVar[RetireReason]
    RETIRE_REASON_EXPROPRIATION: _ClassVar[RetireReason]
    RETIRE_REASON_ERROR: _ClassVar[RetireReason]
    RETIRE_REASON_SPLIT: _ClassVar[RetireReason]
    RETIRE_REASON_MERGE: _ClassVar[RetireReason]
    RETIRE_REASON_OTHER: _ClassVar[RetireReason]
LAND_CLASS_UNSPECIFIED: LandClass
LAND_CLASS_CULTIVATED: LandClass
LAND_CLASS_GARDEN: LandClass
LAND_CLASS_FOREST: LandClass
LAND_CLASS_GRASSLAND: LandClass
LAND_CLASS_AQUACULTURE: LandClass
LAND_CLASS_FACILITY_FARMING: LandClass
LAND_CLASS_WASTELAND: LandClass
LAND_CLASS_COMMERCIAL_CONSTRUCTION: LandClass
LAND_CLASS_HOMESTEAD: LandClass
LAND_CLASS_OTHER: LandClass
OWNERSHIP_UNSPECIFIED: Ownership
OWNERSHIP_COLLECTIVE: Ownership
OWNERSHIP_VILLAGER_GROUP: Ownership
OWNERSHIP_VILLAGE_ORGANIZATION: Ownership
OWNERSHIP_TOWNSHIP_ORGANIZATION: Ownership
OWNERSHIP_OTHER_COLLECTIVE: Ownership
PARCEL_KIND_UNSPECIFIED: ParcelKind
PARCEL_KIND_CONTRACTED: ParcelKind
PARCEL_KIND_PRIVATE_PLOT: ParcelKind
PARCEL_KIND_RESERVE: ParcelKind
PARCEL_KIND_RECLAIMED: ParcelKind
PARCEL_KIND_OTHER_COLLECTIVE_LAND: ParcelKind
USE_STATUS_UNSPECIFIED: UseStatus
USE_STATUS_COLLECTIVE_OPERATION: UseStatus
USE_STATUS_HOUSEHOLD: UseStatus
USE_STATUS_LEASED: UseStatus
USE_STATUS_IDLE: UseStatus
USE_STATUS_FOR_TRANSFER: UseStatus
RETIRE_REASON_UNSPECIFIED: RetireReason
RETIRE_REASON_EXPROPRIATION: RetireReason
RETIRE_REASON_ERROR: RetireReason
RETIRE_REASON_SPLIT: RetireReason
RETIRE_REASON_MERGE: RetireReason
RETIRE_REASON_OTHER: RetireReason

class Parcel(_message.Message):
    __slots__ = ("id", "organization_id", "code", "name", "land_class", "ownership", "kind", "basic_farmland", "area_m2", "area_mu", "area_units", "east", "west", "south", "north", "location", "use_status", "boundary_geojson", "retired", "retired_date", "retire_reason", "retire_note", "derived_from", "succeeded_by", "create_time", "update_time", "boundary_area_m2", "boundary_area_differs")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LAND_CLASS_FIELD_NUMBER: _ClassVar[int]
    OWNERSHIP_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BASIC_FARMLAND_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    AREA_MU_FIELD_NUMBER: _ClassVar[int]
    AREA_UNITS_FIELD_NUMBER: _ClassVar[int]
    EAST_FIELD_NUMBER: _ClassVar[int]
    WEST_FIELD_NUMBER: _ClassVar[int]
    SOUTH_FIELD_NUMBER: _ClassVar[int]
    NORTH_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    USE_STATUS_FIELD_NUMBER: _ClassVar[int]
    BOUNDARY_GEOJSON_FIELD_NUMBER: _ClassVar[int]
    RETIRED_FIELD_NUMBER: _ClassVar[int]
    RETIRED_DATE_FIELD_NUMBER: _ClassVar[int]
    RETIRE_REASON_FIELD_NUMBER: _ClassVar[int]
    RETIRE_NOTE_FIELD_NUMBER: _ClassVar[int]
    DERIVED_FROM_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    BOUNDARY_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    BOUNDARY_AREA_DIFFERS_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    code: str
    name: str
    land_class: LandClass
    ownership: Ownership
    kind: ParcelKind
    basic_farmland: bool
    area_m2: str
    area_mu: str
    area_units: int
    east: str
    west: str
    south: str
    north: str
    location: str
    use_status: UseStatus
    boundary_geojson: str
    retired: bool
    retired_date: str
    retire_reason: RetireReason
    retire_note: str
    derived_from: _containers.RepeatedScalarFieldContainer[str]
    succeeded_by: _containers.RepeatedScalarFieldContainer[str]
    create_time: str
    update_time: str
    boundary_area_m2: str
    boundary_area_differs: bool
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., land_class: _Optional[_Union[LandClass, str]] = ..., ownership: _Optional[_Union[Ownership, str]] = ..., kind: _Optional[_Union[ParcelKind, str]] = ..., basic_farmland: _Optional[bool] = ..., area_m2: _Optional[str] = ..., area_mu: _Optional[str] = ..., area_units: _Optional[int] = ..., east: _Optional[str] = ..., west: _Optional[str] = ..., south: _Optional[str] = ..., north: _Optional[str] = ..., location: _Optional[str] = ..., use_status: _Optional[_Union[UseStatus, str]] = ..., boundary_geojson: _Optional[str] = ..., retired: _Optional[bool] = ..., retired_date: _Optional[str] = ..., retire_reason: _Optional[_Union[RetireReason, str]] = ..., retire_note: _Optional[str] = ..., derived_from: _Optional[_Iterable[str]] = ..., succeeded_by: _Optional[_Iterable[str]] = ..., create_time: _Optional[str] = ..., update_time: _Optional[str] = ..., boundary_area_m2: _Optional[str] = ..., boundary_area_differs: _Optional[bool] = ...) -> None: ...

class CreateParcelRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "parcel")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARCEL_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    parcel: Parcel
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., parcel: _Optional[_Union[Parcel, _Mapping]] = ...) -> None: ...

class GetParcelRequest(_message.Message):
    __slots__ = ("organization_id", "parcel_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARCEL_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    parcel_id: str
    def __init__(self, organization_id: _Optional[str] = ..., parcel_id: _Optional[str] = ...) -> None: ...

class ListParcelsRequest(_message.Message):
    __slots__ = ("organization_id", "land_class", "use_status", "include_retired", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    LAND_CLASS_FIELD_NUMBER: _ClassVar[int]
    USE_STATUS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RETIRED_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    land_class: LandClass
    use_status: UseStatus
    include_retired: bool
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., land_class: _Optional[_Union[LandClass, str]] = ..., use_status: _Optional[_Union[UseStatus, str]] = ..., include_retired: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListParcelsResponse(_message.Message):
    __slots__ = ("parcels", "next_page_token")
    PARCELS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parcels: _containers.RepeatedCompositeFieldContainer[Parcel]
    next_page_token: str
    def __init__(self, parcels: _Optional[_Iterable[_Union[Parcel, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RetireParcelRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "parcel_id", "reason", "date", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARCEL_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    parcel_id: str
    reason: RetireReason
    date: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., parcel_id: _Optional[str] = ..., reason: _Optional[_Union[RetireReason, str]] = ..., date: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class SplitParcelRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "parcel_id", "parts", "date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARCEL_ID_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    parcel_id: str
    parts: _containers.RepeatedCompositeFieldContainer[Parcel]
    date: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., parcel_id: _Optional[str] = ..., parts: _Optional[_Iterable[_Union[Parcel, _Mapping]]] = ..., date: _Optional[str] = ...) -> None: ...

class SplitParcelResponse(_message.Message):
    __slots__ = ("parts",)
    PARTS_FIELD_NUMBER: _ClassVar[int]
    parts: _containers.RepeatedCompositeFieldContainer[Parcel]
    def __init__(self, parts: _Optional[_Iterable[_Union[Parcel, _Mapping]]] = ...) -> None: ...

class MergeParcelsRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "parcel_ids", "into", "date")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARCEL_IDS_FIELD_NUMBER: _ClassVar[int]
    INTO_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    parcel_ids: _containers.RepeatedScalarFieldContainer[str]
    into: Parcel
    date: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., parcel_ids: _Optional[_Iterable[str]] = ..., into: _Optional[_Union[Parcel, _Mapping]] = ..., date: _Optional[str] = ...) -> None: ...

class GetParcelSummaryRequest(_message.Message):
    __slots__ = ("organization_id", "region_prefix")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    region_prefix: str
    def __init__(self, organization_id: _Optional[str] = ..., region_prefix: _Optional[str] = ...) -> None: ...

class AreaTotal(_message.Message):
    __slots__ = ("label", "parcels", "area_mu", "area_m2", "area_units")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    PARCELS_FIELD_NUMBER: _ClassVar[int]
    AREA_MU_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    AREA_UNITS_FIELD_NUMBER: _ClassVar[int]
    label: str
    parcels: int
    area_mu: str
    area_m2: str
    area_units: int
    def __init__(self, label: _Optional[str] = ..., parcels: _Optional[int] = ..., area_mu: _Optional[str] = ..., area_m2: _Optional[str] = ..., area_units: _Optional[int] = ...) -> None: ...

class ParcelSummary(_message.Message):
    __slots__ = ("organizations", "parcels", "total_mu", "total_m2", "by_land_class", "by_use_status")
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    PARCELS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MU_FIELD_NUMBER: _ClassVar[int]
    TOTAL_M2_FIELD_NUMBER: _ClassVar[int]
    BY_LAND_CLASS_FIELD_NUMBER: _ClassVar[int]
    BY_USE_STATUS_FIELD_NUMBER: _ClassVar[int]
    organizations: int
    parcels: int
    total_mu: str
    total_m2: str
    by_land_class: _containers.RepeatedCompositeFieldContainer[AreaTotal]
    by_use_status: _containers.RepeatedCompositeFieldContainer[AreaTotal]
    def __init__(self, organizations: _Optional[int] = ..., parcels: _Optional[int] = ..., total_mu: _Optional[str] = ..., total_m2: _Optional[str] = ..., by_land_class: _Optional[_Iterable[_Union[AreaTotal, _Mapping]]] = ..., by_use_status: _Optional[_Iterable[_Union[AreaTotal, _Mapping]]] = ...) -> None: ...
