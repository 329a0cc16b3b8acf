from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    SCHOOL = "school", _("School")
    SWV = "swv", _("Samenwerkingsverband (SWV)")
    MUNICIPALITY = "gemeente", _("Municipality")
    YOUTH_TEAM = "jeugdteam", _("Youth team")
    CARE_PROVIDER = "jeugdhulpaanbieder", _("Youth care provider")
    JGZ = "jgz", _("Youth health care (JGZ)")
    LEERPLICHT = "leerplicht", _("Leerplicht (compulsory education office)")
    ZORGKANTOOR = "zorgkantoor", _("Zorgkantoor (Wlz)")
    HEALTH_INSURER = "zorgverzekeraar", _("Health insurer")
    INTEGRAL_DESK = "integraal_loket", _("Integraal loket")


class SchoolSector(models.TextChoices):
    PO = "po", _("Primary education (PO)")
    VO = "vo", _("Secondary education (VO)")
    MBO = "mbo", _("Vocational education (MBO)")
    SO = "so", _("Special primary education (SO)")
    VSO = "vso", _("Special secondary education (VSO)")
    SBO = "sbo", _("Special needs primary school (SBO)")


class PreschoolKind(models.TextChoices):
    """The preschool facility an organisation runs, if any (seed 000: the Startklas takes its
    children in from the region's preschools). Not a type of organisation of its own: a
    kinderopvang organisation is registered as a care provider, a school may run a VVE
    location; the kind says that its children are of preschool age."""

    PEUTEROPVANG = "peuteropvang", _("Peuteropvang (toddler group)")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang (day care)")
    VVE = "vve", _("VVE (early childhood education)")


class Role(models.TextChoices):
    """The professional roles of DOMAIN.md. A user can hold several, at several organisations."""

    TEACHER = "leerkracht", _("Teacher or mentor")
    COORDINATOR = "ondersteuningscoordinator", _("Support coordinator / intern begeleider")
    SWV_SPECIALIST = "onderwijsspecialist", _("Education specialist (SWV)")
    YOUTH_WORKER = "jeugdteam_medewerker", _("Youth and family worker (youth team)")
    CARE_WORKER = "jeugdhulp_medewerker", _("Specialised youth care worker")
    LEERPLICHT_OFFICER = "leerplichtambtenaar", _("Leerplicht officer")
    JGZ_WORKER = "jgz_medewerker", _("Youth health care worker (JGZ)")
    PROCESS_SUPERVISOR = "procesbegeleider", _("Process supervisor (procesbegeleider OZA)")
    INTEGRAL_DESK_ADVISER = "loket_adviseur", _("Integraal loket adviser")
    POLICY_OFFICER = "beleidsmedewerker", _("Policy officer or board member")
    FUNCTIONAL_ADMIN = "functioneel_beheerder", _("Functional administrator")


# Which roles make sense at which kind of organisation. A teacher at a health insurer is a
# data-entry mistake, and a role decides what a person may see: refuse it.
ROLES_BY_ORGANISATION_TYPE: dict[str, frozenset[str]] = {
    OrganisationType.SCHOOL: frozenset(
        {Role.TEACHER, Role.COORDINATOR, Role.PROCESS_SUPERVISOR, Role.POLICY_OFFICER}
    ),
    OrganisationType.SWV: frozenset(
        {Role.SWV_SPECIALIST, Role.PROCESS_SUPERVISOR, Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN}
    ),
    OrganisationType.MUNICIPALITY: frozenset({Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN}),
    OrganisationType.YOUTH_TEAM: frozenset({Role.YOUTH_WORKER, Role.PROCESS_SUPERVISOR}),
    OrganisationType.CARE_PROVIDER: frozenset({Role.CARE_WORKER, Role.PROCESS_SUPERVISOR}),
    OrganisationType.JGZ: frozenset({Role.JGZ_WORKER}),
    OrganisationType.LEERPLICHT: frozenset({Role.LEERPLICHT_OFFICER}),
    OrganisationType.ZORGKANTOOR: frozenset({Role.POLICY_OFFICER}),
    OrganisationType.HEALTH_INSURER: frozenset({Role.POLICY_OFFICER}),
    OrganisationType.INTEGRAL_DESK: frozenset(
        {Role.INTEGRAL_DESK_ADVISER, Role.SWV_SPECIALIST, Role.YOUTH_WORKER}
    ),
}

# Roles that work on individual children (and so may become members of a case team).
CASEWORK_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.COORDINATOR,
        Role.SWV_SPECIALIST,
        Role.YOUTH_WORKER,
        Role.CARE_WORKER,
        Role.LEERPLICHT_OFFICER,
        Role.JGZ_WORKER,
        Role.PROCESS_SUPERVISOR,
        Role.INTEGRAL_DESK_ADVISER,
    }
)
