"""The words of a decision: the grounds (`Reason`) with the rule each one names, and
what each action did, as the statement of reasons and the notifications say it."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from kb.moderation.models import Action, Reason

GROUND_LABELS: dict[Reason, LazyString] = {
    Reason.SPAM: _l("Spam"),
    Reason.HATE: _l("Hate speech"),
    Reason.INSULT: _l("Insult or harassment"),
    Reason.MISINFORMATION: _l("Misinformation"),
    Reason.PERSONAL_DATA: _l("Personal data exposed"),
    Reason.ILLEGAL: _l("Illegal content"),
    Reason.OTHER: _l("Another reason"),
}

# The rule of the community's terms each ground stands for: the statement of reasons
# names it (DSA Art. 17 (3) (e)).
GROUND_RULES: dict[Reason, LazyString] = {
    Reason.SPAM: _l(
        "Advertising, repeated identical posts and links without relation to the topic "
        "are not allowed."
    ),
    Reason.HATE: _l(
        "Content that attacks or belittles people for their origin, religion, gender, "
        "sexual orientation, disability or age is not allowed."
    ),
    Reason.INSULT: _l("Insults, threats and harassment of other people are not allowed."),
    Reason.MISINFORMATION: _l(
        "Claims of fact that are demonstrably false and misleading are not allowed."
    ),
    Reason.PERSONAL_DATA: _l(
        "Personal data of others (addresses, phone numbers, private details) may not be "
        "published without their consent."
    ),
    Reason.ILLEGAL: _l("Content that breaks the law is not allowed; the facts name the law."),
    Reason.OTHER: _l("The community rules; the facts say which and why."),
}

# What was done, as the statement of reasons says it ("Decision: hidden").
ACTION_LABELS: dict[Action, LazyString] = {
    Action.APPROVE: _l("Approved and published"),
    Action.DISMISS: _l("Reports dismissed, nothing changed"),
    Action.HIDE: _l("Hidden"),
    Action.RESTORE: _l("Shown again"),
    Action.DELETE: _l("Deleted"),
    Action.REJECT: _l("Not published (rejected)"),
    Action.WARN: _l("Warning to the author"),
    Action.SUSPEND: _l("Account suspended"),
    Action.UNSUSPEND: _l("Suspension ended"),
}

# The buttons of the action forms.
ACTION_BUTTONS: dict[Action, LazyString] = {
    Action.APPROVE: _l("Approve"),
    Action.REJECT: _l("Reject"),
    Action.DISMISS: _l("Dismiss reports"),
    Action.HIDE: _l("Hide"),
    Action.RESTORE: _l("Show again"),
    Action.DELETE: _l("Delete"),
    Action.WARN: _l("Warn the author"),
    Action.SUSPEND: _l("Suspend"),
    Action.UNSUSPEND: _l("End suspension"),
}

# Decisions that restrict the member concerned: they name a ground, send the statement
# of reasons, and can be appealed.
RESTRICTIONS = frozenset({Action.REJECT, Action.HIDE, Action.DELETE, Action.WARN, Action.SUSPEND})


def ground_label(reason: Reason) -> str:
    return str(GROUND_LABELS[reason])


def action_label(action: Action) -> str:
    return str(ACTION_LABELS[action])
