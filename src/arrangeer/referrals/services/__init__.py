"""The writes of the aanmelding, the intake and the Meldcode. Each is one transaction that
checks the lifecycle (constants.REFERRAL_TRANSITIONS), writes the trail and the access log,
and mails after the commit (nothing is mailed when it rolls back).

One module per stage: `submission` (who may refer, to whom, the aanmelding sent), `decision`
(the receiver's question, declining or accepting), `programme` (the intake, the programme's
start and end on the case), `safety` (the Meldcode and the Verwijsindex); `common` holds what
they share. Other apps and the views import from this package."""

from .decision import accept, answer_question, ask_for_more, decline
from .programme import mark_ended, mark_started, record_intake, referral_of
from .safety import may_record_safety, record_meldcode_step, record_verwijsindex_signal
from .submission import (
    REFERRAL_FIELDS,
    may_refer,
    receiving_organisations,
    referrer_memberships,
    submit_referral,
)

__all__ = [
    "REFERRAL_FIELDS",
    "accept",
    "answer_question",
    "ask_for_more",
    "decline",
    "mark_ended",
    "mark_started",
    "may_record_safety",
    "may_refer",
    "receiving_organisations",
    "record_intake",
    "record_meldcode_step",
    "record_verwijsindex_signal",
    "referral_of",
    "referrer_memberships",
    "submit_referral",
]
