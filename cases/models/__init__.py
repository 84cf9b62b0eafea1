from ..triage.models import CauseExamplePhrase, TriageModel
from .case import (
    INTERNAL_EVENT_KINDS,
    SUBJECT_MAX_LENGTH,
    Attachment,
    Case,
    CaseEvent,
    Comment,
    EtaMethod,
    EtaReason,
    EventKind,
    PendingTask,
    TaskStatus,
)
from .cause_change import CaseCauseChange
from .counts import SellerCaseCount
from .desk import AgentScope
from .flows import DailyFlowMark, DailyStatusFlow
from .quick_reply import QuickReply, QuickReplyAction
from .rating import CaseRating
from .taxonomy import (
    Area,
    CaseField,
    CaseFieldCountry,
    Cause,
    FieldType,
    Priority,
    RecordType,
    TargetUnit,
)
from .words import CaseWord

__all__ = [
    "AgentScope",
    "DailyFlowMark",
    "DailyStatusFlow",
    "INTERNAL_EVENT_KINDS",
    "SUBJECT_MAX_LENGTH",
    "Area",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseCauseChange",
    "CaseField",
    "CaseFieldCountry",
    "CaseRating",
    "CaseWord",
    "Cause",
    "CauseExamplePhrase",
    "Comment",
    "EtaMethod",
    "EtaReason",
    "EventKind",
    "FieldType",
    "PendingTask",
    "Priority",
    "QuickReply",
    "QuickReplyAction",
    "RecordType",
    "SellerCaseCount",
    "TargetUnit",
    "TaskStatus",
    "TriageModel",
]
