"""The demo's logins through a provider (tools/oidc-provider, started by `make run`): Sanne de
Boer's BSN on her parent record, so she logs in with the test DigiD (Lotte Kramer's BSN is on
her child record already), and De Regenboog's own login at the test organisation provider, for
Marieke de Vries. For the demo app only."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from arrangeer.children.models import LegalRepresentative
from arrangeer.organisations.models import Organisation

from .models import OrganisationProvider

# tools/oidc-provider/users.json
DEMO_PARENT_BSN = "999990019"
DEMO_CLIENT_ID = "arrangeer"
DEMO_CLIENT_SECRET = "arrangeer-test-geheim"  # noqa: S105 (the test provider's own)
DEFAULT_ORGANISATION_ISSUER = "http://127.0.0.1:8011"


@transaction.atomic
def seed_logins(*, parent_username: str, school: Organisation) -> None:
    if not LegalRepresentative.objects.filter(bsn=DEMO_PARENT_BSN).exists():
        LegalRepresentative.objects.filter(user__username=parent_username).update(
            bsn=DEMO_PARENT_BSN
        )
    issuer = getattr(settings, "ARRANGEER_DEMO_ORGANISATION_ISSUER", DEFAULT_ORGANISATION_ISSUER)
    OrganisationProvider.objects.get_or_create(
        organisation=school,
        defaults={
            "issuer": issuer,
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "claim": "email",
        },
    )
