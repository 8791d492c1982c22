"""What accounts are to the rest of the app: profiles as a content type, and the
sessions and reset requests of a member."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from kb.accounts import demo, policy, service
from kb.accounts.models import PasswordResetToken, UserSession
from kb.registry import ContentType, DemoStep, OnDelete, PersonalData, Registry
from kb.users import User


def profile_url(user: User) -> str:
    return url_for("accounts.show_profile", name=user.name)


PROFILE = ContentType(
    name="profile",
    model=User,
    label=_l("Profile"),
    title=User.display_name,
    summary=User.bio,
    url=profile_url,
    url_columns=(User.name,),
    visible=policy.visible,
    can_view=policy.can_view,
    owner_ids=policy.owner_ids,
    standing=User.moderation,
)

PERSONAL_DATA = (
    PersonalData("sessions", UserSession.user_id, service.export_sessions, OnDelete.REMOVE),
    PersonalData(
        "reset_link_requests",
        PasswordResetToken.user_id,
        service.export_reset_requests,
        OnDelete.REMOVE,
    ),
)


def register(registry: Registry) -> None:
    registry.add_type(PROFILE)
    registry.add_personal_data(*PERSONAL_DATA)
    registry.add_demo_step(DemoStep("accounts", demo.load, order=10))
    registry.add_demo_step(DemoStep("login", demo.login_hint, order=1000))
