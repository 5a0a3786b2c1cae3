from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class Side(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIDE_UNSPECIFIED: _ClassVar[Side]
    SIDE_DEBIT: _ClassVar[Side]
    SIDE_CREDIT: _ClassVar[Side]

class BalanceDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BALANCE_DIRECTION_UNSPECIFIED: _ClassVar[BalanceDirection]
    BALANCE_DIRECTION_DEBIT: _ClassVar[BalanceDirection]
    BALANCE_DIRECTION_CREDIT: _ClassVar[BalanceDirection]
    BALANCE_DIRECTION_FLAT: _ClassVar[BalanceDirection]

class ChartVersion(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHART_VERSION_UNSPECIFIED: _ClassVar[ChartVersion]
    CHART_VERSION_2004: _ClassVar[ChartVersion]
    CHART_VERSION_2023: _ClassVar[ChartVersion]
SIDE_UNSPECIFIED: Side
SIDE_DEBIT: Side
SIDE_CREDIT: Side
BALANCE_DIRECTION_UNSPECIFIED: BalanceDirection
BALANCE_DIRECTION_DEBIT: BalanceDirection
BALANCE_DIRECTION_CREDIT: BalanceDirection
BALANCE_DIRECTION_FLAT: BalanceDirection
CHART_VERSION_UNSPECIFIED: ChartVersion
CHART_VERSION_2004: ChartVersion
CHART_VERSION_2023: ChartVersion
