from google.protobuf import field_mask_pb2 as _field_mask_pb2
from sanzi_client._pb.sanzi.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OrganizationLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORGANIZATION_LEVEL_UNSPECIFIED: _ClassVar[OrganizationLevel]
    ORGANIZATION_LEVEL_TOWNSHIP: _ClassVar[OrganizationLevel]
    ORGANIZATION_LEVEL_VILLAGE: _ClassVar[OrganizationLevel]
    ORGANIZATION_LEVEL_GROUP: _ClassVar[OrganizationLevel]
ORGANIZATION_LEVEL_UNSPECIFIED: OrganizationLevel
ORGANIZATION_LEVEL_TOWNSHIP: OrganizationLevel
ORGANIZATION_LEVEL_VILLAGE: OrganizationLevel
ORGANIZATION_LEVEL_GROUP: OrganizationLevel

class Organization(_message.Message):
    __slots__ = ("id", "display_name", "level", "region_code", "group_code", "uscc", "chart_version", "books_opening_date", "create_time", "update_time", "books_started", "rent_credit_account", "region_name", "cutover_month", "supervision_phone")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    GROUP_CODE_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    CHART_VERSION_FIELD_NUMBER: _ClassVar[int]
    BOOKS_OPENING_DATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    BOOKS_STARTED_FIELD_NUMBER: _ClassVar[int]
    RENT_CREDIT_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    REGION_NAME_FIELD_NUMBER: _ClassVar[int]
    CUTOVER_MONTH_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_PHONE_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_name: str
    level: OrganizationLevel
    region_code: str
    group_code: str
    uscc: str
    chart_version: _common_pb2.ChartVersion
    books_opening_date: str
    create_time: str
    update_time: str
    books_started: bool
    rent_credit_account: str
    region_name: str
    cutover_month: str
    supervision_phone: str
    def __init__(self, id: _Optional[str] = ..., display_name: _Optional[str] = ..., level: _Optional[_Union[OrganizationLevel, str]] = ..., region_code: _Optional[str] = ..., group_code: _Optional[str] = ..., uscc: _Optional[str] = ..., chart_version: _Optional[_Union[_common_pb2.ChartVersion, str]] = ..., books_opening_date: _Optional[str] = ..., create_time: _Optional[str] = ..., update_time: _Optional[str] = ..., books_started: _Optional[bool] = ..., rent_credit_account: _Optional[str] = ..., region_name: _Optional[str] = ..., cutover_month: _Optional[str] = ..., supervision_phone: _Optional[str] = ...) -> None: ...

class CreateOrganizationRequest(_message.Message):
    __slots__ = ("request_id", "organization")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization: Organization
    def __init__(self, request_id: _Optional[str] = ..., organization: _Optional[_Union[Organization, _Mapping]] = ...) -> None: ...

class GetOrganizationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListOrganizationsRequest(_message.Message):
    __slots__ = ("region_prefix", "page_size", "page_token")
    REGION_PREFIX_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    region_prefix: str
    page_size: int
    page_token: str
    def __init__(self, region_prefix: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOrganizationsResponse(_message.Message):
    __slots__ = ("organizations", "next_page_token")
    ORGANIZATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organizations: _containers.RepeatedCompositeFieldContainer[Organization]
    next_page_token: str
    def __init__(self, organizations: _Optional[_Iterable[_Union[Organization, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateOrganizationRequest(_message.Message):
    __slots__ = ("request_id", "organization", "update_mask")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    organization: Organization
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, request_id: _Optional[str] = ..., organization: _Optional[_Union[Organization, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...
