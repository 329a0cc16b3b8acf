"""The persona children: who they are and the case around them (their age, school and group,
the family that decides, the team), in the order of the demo's stories."""

from __future__ import annotations

from dataclasses import dataclass

from arrangeer.organisations.constants import Role
from arrangeer.vocabulary import DataCategory


@dataclass(frozen=True)
class PersonaChild:
    """A persona child and the case around them: coherent in age, school and group, with the
    family that decides (parents under 16, the young person from 16) and the team."""

    first_name: str
    last_name: str
    age: int
    pronoun: str  # "hij" or "zij": the demo's texts about the child follow it
    bsn: str
    school: str
    group: str
    regisseur: str  # username: the school's coordinator, or the youth team for an MBO student
    parents: tuple[tuple[str, str, bool], ...]  # first name, relation, has parental authority
    parent_user: str | None = None  # the persona who is the parent with gezag
    youth_user: str | None = None  # the persona who is the child
    flags: tuple[str, ...] = ()
    team: tuple[str, ...] = ()  # usernames who join the team (on consent or legal task)


# The order is the order of the stories: from a first signal to a plan that is closed.
PERSONA_CHILDREN = (
    PersonaChild(
        "Emma",
        "Jansen",
        6,
        "zij",
        "100000009",
        "Basisschool De Regenboog",
        "groep 3",
        "coordinator",
        (("Anke", "moeder", True), ("Bas", "vader", True)),
        team=("leerkracht", "jeugdteam"),
    ),
    PersonaChild(
        "Ayoub",
        "Benali",
        9,
        "hij",
        "232323239",
        "Basisschool De Regenboog",
        "groep 6",
        "coordinator",
        (("Samira", "moeder", True), ("Youssef", "vader", True)),
        flags=("child_protection_involved",),
        team=("leerkracht", "jeugdteam", "swv"),
    ),
    PersonaChild(
        "Lotte",
        "Kramer",
        17,
        "zij",
        "123456782",
        "MBO Rijnland Vakschool",
        "Entree, leerjaar 1",
        "jeugdteam",
        (("Ellen", "moeder", True), ("Rob", "vader", True)),
        youth_user="jongere17",
        flags=("is_thuiszitter", "has_absence"),
        team=("school", "swv", "leerplicht"),
    ),
    PersonaChild(
        "Daan",
        "de Boer",
        12,
        "hij",
        "111222333",
        "Basisschool De Regenboog",
        "groep 8",
        "coordinator",
        (("Sanne", "moeder", True), ("Mark", "vader", False)),
        parent_user="ouder",
        youth_user="jongere12",
        flags=("has_absence",),
        team=("leerkracht", "jeugdteam", "swv", "zorgaanbieder", "leerplicht"),
    ),
    PersonaChild(
        "Noor",
        "Visser",
        10,
        "zij",
        "100000022",
        "Basisschool De Regenboog",
        "groep 7",
        "coordinator",
        (("Petra", "moeder", True),),
        team=("leerkracht", "jeugdteam"),
    ),
)
PERSONA_BY_BSN = {child.bsn: child for child in PERSONA_CHILDREN}
# The persona without gezag is the other parent of the persona parent's child.
PARENT_WITHOUT_AUTHORITY = "ouder_zonder_gezag"

# Who joins a persona case, and which data their organisation gets the family's consent for
# (a school or leerplicht on its legal task needs none).
TEAM_ROLES = {
    "leerkracht": Role.TEACHER,
    "jeugdteam": Role.YOUTH_WORKER,
    "swv": Role.SWV_SPECIALIST,
    "zorgaanbieder": Role.CARE_WORKER,
    "leerplicht": Role.LEERPLICHT_OFFICER,
}
TEAM_CATEGORIES = {
    "jeugdteam": [DataCategory.YOUTH_CARE, DataCategory.FAMILY],
    "swv": [DataCategory.EDUCATION],
    "zorgaanbieder": [DataCategory.YOUTH_CARE, DataCategory.HEALTH],
}
# Every category the demo plans use: the family consents to all of them for the regisseur's
# organisation, so the regisseur sees the whole plan they are responsible for.
PLAN_CATEGORIES = [DataCategory.EDUCATION, DataCategory.YOUTH_CARE, DataCategory.FAMILY]
CONSENT_PURPOSE = "Samen één plan maken en uitvoeren"
