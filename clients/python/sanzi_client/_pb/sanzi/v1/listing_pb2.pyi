from sanzi_client._pb.sanzi.v1 import resource_pb2 as _resource_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubjectKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_KIND_UNSPECIFIED: _ClassVar[SubjectKind]
    SUBJECT_KIND_PARCEL: _ClassVar[SubjectKind]
    SUBJECT_KIND_ASSET: _ClassVar[SubjectKind]

class TransferMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRANSFER_METHOD_UNSPECIFIED: _ClassVar[TransferMethod]
    TRANSFER_METHOD_LEASE: _ClassVar[TransferMethod]
    TRANSFER_METHOD_SUBLEASE: _ClassVar[TransferMethod]
    TRANSFER_METHOD_EQUITY: _ClassVar[TransferMethod]
    TRANSFER_METHOD_GRANT: _ClassVar[TransferMethod]
    TRANSFER_METHOD_TRANSFER: _ClassVar[TransferMethod]
    TRANSFER_METHOD_OTHER: _ClassVar[TransferMethod]

class PriceUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRICE_UNIT_UNSPECIFIED: _ClassVar[PriceUnit]
    PRICE_UNIT_YUAN_PER_MU_YEAR: _ClassVar[PriceUnit]
    PRICE_UNIT_YUAN_PER_YEAR: _ClassVar[PriceUnit]
    PRICE_UNIT_YUAN_PER_M2_YEAR: _ClassVar[PriceUnit]
    PRICE_UNIT_YUAN_TOTAL: _ClassVar[PriceUnit]
    PRICE_UNIT_NEGOTIABLE: _ClassVar[PriceUnit]

class Facility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FACILITY_UNSPECIFIED: _ClassVar[Facility]
    FACILITY_WATER: _ClassVar[Facility]
    FACILITY_POWER: _ClassVar[Facility]
    FACILITY_ROAD: _ClassVar[Facility]
    FACILITY_IRRIGATION: _ClassVar[Facility]
    FACILITY_GREENHOUSE: _ClassVar[Facility]
    FACILITY_STORAGE: _ClassVar[Facility]
    FACILITY_OTHER: _ClassVar[Facility]

class ListingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LISTING_STATUS_UNSPECIFIED: _ClassVar[ListingStatus]
    LISTING_STATUS_LISTED: _ClassVar[ListingStatus]
    LISTING_STATUS_WITHDRAWN: _ClassVar[ListingStatus]
    LISTING_STATUS_TRANSACTED: _ClassVar[ListingStatus]
SUBJECT_KIND_UNSPECIFIED: SubjectKind
SUBJECT_KIND_PARCEL: SubjectKind
SUBJECT_KIND_ASSET: SubjectKind
TRANSFER_METHOD_UNSPECIFIED: TransferMethod
TRANSFER_METHOD_LEASE: TransferMethod
TRANSFER_METHOD_SUBLEASE: TransferMethod
TRANSFER_METHOD_EQUITY: TransferMethod
TRANSFER_METHOD_GRANT: TransferMethod
TRANSFER_METHOD_TRANSFER: TransferMethod
TRANSFER_METHOD_OTHER: TransferMethod
PRICE_UNIT_UNSPECIFIED: PriceUnit
PRICE_UNIT_YUAN_PER_MU_YEAR: PriceUnit
PRICE_UNIT_YUAN_PER_YEAR: PriceUnit
PRICE_UNIT_YUAN_PER_M2_YEAR: PriceUnit
PRICE_UNIT_YUAN_TOTAL: PriceUnit
PRICE_UNIT_NEGOTIABLE: PriceUnit
FACILITY_UNSPECIFIED: Facility
FACILITY_WATER: Facility
FACILITY_POWER: Facility
FACILITY_ROAD: Facility
FACILITY_IRRIGATION: Facility
FACILITY_GREENHOUSE: Facility
FACILITY_STORAGE: Facility
FACILITY_OTHER: Facility
LISTING_STATUS_UNSPECIFIED: ListingStatus
LISTING_STATUS_LISTED: ListingStatus
LISTING_STATUS_WITHDRAWN: ListingStatus
LISTING_STATUS_TRANSACTED: ListingStatus

class ListingTerms(_message.Message):
    __slots__ = ("transfer_method", "term_years", "available_from", "reserve_price", "price_unit", "facilities", "decision_ref", "decision_date", "contact_office", "contact_phone")
    TRANSFER_METHOD_FIELD_NUMBER: _ClassVar[int]
    TERM_YEARS_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FROM_FIELD_NUMBER: _ClassVar[int]
    RESERVE_PRICE_FIELD_NUMBER: _ClassVar[int]
    PRICE_UNIT_FIELD_NUMBER: _ClassVar[int]
    FACILITIES_FIELD_NUMBER: _ClassVar[int]
    DECISION_REF_FIELD_NUMBER: _ClassVar[int]
    DECISION_DATE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_OFFICE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_PHONE_FIELD_NUMBER: _ClassVar[int]
    transfer_method: TransferMethod
    term_years: int
    available_from: str
    reserve_price: str
    price_unit: PriceUnit
    facilities: _containers.RepeatedScalarFieldContainer[Facility]
    decision_ref: str
    decision_date: str
    contact_office: str
    contact_phone: str
    def __init__(self, transfer_method: _Optional[_Union[TransferMethod, str]] = ..., term_years: _Optional[int] = ..., available_from: _Optional[str] = ..., reserve_price: _Optional[str] = ..., price_unit: _Optional[_Union[PriceUnit, str]] = ..., facilities: _Optional[_Iterable[_Union[Facility, str]]] = ..., decision_ref: _Optional[str] = ..., decision_date: _Optional[str] = ..., contact_office: _Optional[str] = ..., contact_phone: _Optional[str] = ...) -> None: ...

class Listing(_message.Message):
    __slots__ = ("id", "organization_id", "subject_kind", "subject_id", "subject_code", "subject_name", "status", "version", "terms", "contract_id", "close_note", "create_time", "update_time", "land_class")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSE_NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    LAND_CLASS_FIELD_NUMBER: _ClassVar[int]
    id: str
    organization_id: str
    subject_kind: SubjectKind
    subject_id: str
    subject_code: str
    subject_name: str
    status: ListingStatus
    version: int
    terms: ListingTerms
    contract_id: str
    close_note: str
    create_time: str
    update_time: str
    land_class: _resource_pb2.LandClass
    def __init__(self, id: _Optional[str] = ..., organization_id: _Optional[str] = ..., subject_kind: _Optional[_Union[SubjectKind, str]] = ..., subject_id: _Optional[str] = ..., subject_code: _Optional[str] = ..., subject_name: _Optional[str] = ..., status: _Optional[_Union[ListingStatus, str]] = ..., version: _Optional[int] = ..., terms: _Optional[_Union[ListingTerms, _Mapping]] = ..., contract_id: _Optional[str] = ..., close_note: _Optional[str] = ..., create_time: _Optional[str] = ..., update_time: _Optional[str] = ..., land_class: _Optional[_Union[_resource_pb2.LandClass, str]] = ...) -> None: ...

class CreateListingRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "subject_kind", "subject_id", "terms")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    subject_kind: SubjectKind
    subject_id: str
    terms: ListingTerms
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., subject_kind: _Optional[_Union[SubjectKind, str]] = ..., subject_id: _Optional[str] = ..., terms: _Optional[_Union[ListingTerms, _Mapping]] = ...) -> None: ...

class UpdateListingRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "listing_id", "terms", "expected_version")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    listing_id: str
    terms: ListingTerms
    expected_version: int
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., terms: _Optional[_Union[ListingTerms, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class WithdrawListingRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "listing_id", "note")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    listing_id: str
    note: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class MarkListingTransactedRequest(_message.Message):
    __slots__ = ("request_id", "organization_id", "listing_id", "contract_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization_id: str
    listing_id: str
    contract_id: str
    def __init__(self, request_id: _Optional[str] = ..., organization_id: _Optional[str] = ..., listing_id: _Optional[str] = ..., contract_id: _Optional[str] = ...) -> None: ...

class GetListingRequest(_message.Message):
    __slots__ = ("organization_id", "listing_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    LISTING_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    listing_id: str
    def __init__(self, organization_id: _Optional[str] = ..., listing_id: _Optional[str] = ...) -> None: ...

class ListListingsRequest(_message.Message):
    __slots__ = ("region_prefix", "status", "land_class", "subject_kind", "page_size", "page_token")
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LAND_CLASS_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    region_prefix: str
    status: ListingStatus
    land_class: _resource_pb2.LandClass
    subject_kind: SubjectKind
    page_size: int
    page_token: str
    def __init__(self, region_prefix: _Optional[str] = ..., status: _Optional[_Union[ListingStatus, str]] = ..., land_class: _Optional[_Union[_resource_pb2.LandClass, str]] = ..., subject_kind: _Optional[_Union[SubjectKind, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListListingsResponse(_message.Message):
    __slots__ = ("listings", "next_page_token")
    LISTINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    listings: _containers.RepeatedCompositeFieldContainer[Listing]
    next_page_token: str
    def __init__(self, listings: _Optional[_Iterable[_Union[Listing, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
