"""Writing the plan's items: the rules of the domain, clear messages for bad input, nothing
half saved, categories, and who may write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.plans import services
from arrangeer.plans.models import Goal, Module, Plan
from arrangeer.testing.plans import goal_fields, module_fields

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("what", "what the goal is"),
        ("indicator", "the indicator"),
        ("baseline", "baseline"),
        ("target", "the target"),
        ("deadline", "by when"),
        ("owner", "who works on it"),
    ],
)
def test_a_goal_without_a_smart_part_is_refused_naming_the_part(access, missing, named):
    before = Goal.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.add_item(access("coordinator"), kind="goal", fields=goal_fields(**{missing: None}))
    message = " ".join(_errors(excinfo)[missing])
    assert "Missing SMART part" in message and named in message
    assert Goal.objects.count() == before


def test_every_missing_smart_part_is_named_at_once(client_for, world):
    url = reverse("plans:item_new", kwargs={"case_id": world.case.uuid, "slug": "doelen"})
    response = client_for("coordinator").post(
        url, {"side": "onderwijs", "what": "Lezen", "category": "onderwijs", "scale": "behaald"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    for part in (
        "the indicator: how you will see progress",
        "the starting point (baseline)",
        "the target",
        "by when",
        "who works on it",
    ):
        assert f"Missing SMART part: {part}." in body
    assert "Missing SMART part: what the goal is" not in body
    # What was typed stays in the form.
    assert ">\nLezen</textarea>" in body
    assert body.count("Missing SMART part: the target.") == 2  # summary and field, once each


def _module(plan, world, **overrides):
    fields = module_fields([plan.education_goal], world.school)
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"end_date": None}, "end_date", "temporary by principle"),
        (
            {"end_date": timezone.localdate() - dt.timedelta(days=60)},
            "end_date",
            "after the start date",
        ),
        ({"intensity": Decimal(41)}, "intensity", "not a realistic intensity"),
        ({"intensity": Decimal(-2)}, "intensity", "more than 0"),
        (
            {"intensity": Decimal(21), "intensity_unit": "sessies"},
            "intensity",
            "not a realistic intensity",
        ),
        ({"funding_framework": ""}, "funding_framework", "funding framework"),
        ({"instrument": "tlv"}, "instrument", "does not belong to"),
        (
            {
                "funding_framework": "jeugdwet_zin",
                "instrument": "ijw_toewijzing",
                "decision_status": "aangevraagd",
            },
            "toewijzing_number",
            "toewijzing number",
        ),
        (
            {"funding_framework": "wpo_swv", "instrument": "tlv", "decision_status": "nvt"},
            "decision_status",
            "is a decision",
        ),
        (
            {"funding_framework": "wpo_swv", "instrument": "tlv", "decision_status": "toegekend"},
            "decided_on",
            "date of the decision",
        ),
        ({"method_description": ""}, "method_description", "describe the method"),
        ({"method_rationale": ""}, "method_rationale", "why this method"),
        ({"goals": []}, "goals", "every module serves a goal"),
    ],
)
def test_bad_module_input_is_refused_with_a_clear_message_and_nothing_saved(
    access, plan, world, overrides, field, text
):
    modules, log = Module.objects.count(), AccessLogEntry.objects.count()
    regie = access("coordinator")
    log_after_access = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.add_item(regie, kind="module", fields=_module(plan, world, **overrides))
    assert text.lower() in " ".join(_errors(excinfo)[field]).lower()
    assert Module.objects.count() == modules
    assert AccessLogEntry.objects.count() == log_after_access >= log


def test_an_ijw_toewijzing_with_its_number_and_product_code_is_accepted(access, plan, world):
    module = services.add_item(
        access("coordinator"),
        kind="module",
        fields=_module(
            plan,
            world,
            funding_framework="jeugdwet_zin",
            instrument="ijw_toewijzing",
            decision_status="toegekend",
            decided_on=timezone.localdate(),
            toewijzing_number="987654",
            product_code="45a12",
            category="onderwijs",
        ),
    )
    assert isinstance(module, Module)
    assert module.product_code == "45A12"


def test_a_recognised_intervention_replaces_the_method_description(access, plan, world):
    from arrangeer.plans.models import Intervention

    kanjer = Intervention.objects.get(name="Kanjertraining")
    module = services.add_item(
        access("coordinator"),
        kind="module",
        fields=_module(
            plan, world, intervention=kanjer, method_description="", method_rationale=""
        ),
    )
    assert module.intervention == kanjer  # type: ignore[attr-defined]


def test_the_nji_list_is_loaded_without_rots_en_water():
    from arrangeer.plans.models import Intervention

    assert Intervention.objects.count() == 27
    assert not Intervention.objects.filter(name__icontains="Rots en Water").exists()


def test_nobody_writes_a_category_they_cannot_see(access):
    with pytest.raises(ValidationError) as excinfo:
        services.add_item(access("teacher"), kind="goal", fields=goal_fields(category="jeugdhulp"))
    assert "cannot write data of the category" in _errors(excinfo)["category"][0]


def test_the_category_list_of_the_form_holds_only_what_the_writer_may_see(client_for, world):
    url = reverse("plans:item_new", kwargs={"case_id": world.case.uuid, "slug": "doelen"})
    body = client_for("teacher").get(url).content.decode()
    assert 'value="onderwijs"' in body
    assert 'value="jeugdhulp"' not in body


def test_an_item_of_a_hidden_category_cannot_be_opened_for_editing(client_for, world, plan):
    url = reverse(
        "plans:item_edit",
        kwargs={"case_id": world.case.uuid, "slug": "doelen", "item_id": plan.care_goal.uuid},
    )
    assert client_for("teacher").get(url).status_code == 404
    assert client_for("youth_worker").get(url).status_code == 200


def test_one_item_is_fetched_and_logged_in_one_step_with_its_category(client_for, world, plan):
    """The access layer reads the item after the case's door, never before it: one record,
    allowed with the item's category, or refused with it (and the 404 of no such item)."""
    url = reverse(
        "plans:item_edit",
        kwargs={"case_id": world.case.uuid, "slug": "doelen", "item_id": plan.care_goal.uuid},
    )
    teacher = client_for("teacher")
    before = AccessLogEntry.objects.count()
    assert teacher.get(url).status_code == 404
    (refused,) = AccessLogEntry.objects.order_by("seq")[before:]
    assert (refused.outcome, refused.object_type, refused.data_category, refused.object_id) == (
        "denied",
        "plan_goal",
        "jeugdhulp",
        str(plan.care_goal.uuid),
    )
    before = AccessLogEntry.objects.count()
    assert client_for("youth_worker").get(url).status_code == 200
    allowed = AccessLogEntry.objects.order_by("seq")[before:].first()
    assert (allowed.outcome, allowed.username, allowed.data_category) == (
        "allowed",
        "youth_worker",
        "jeugdhulp",
    )


def test_access_get_returns_a_row_in_the_categories_and_refuses_the_rest(access, plan):
    teacher = access("teacher")
    assert teacher.get(Goal, plan.education_goal.uuid) == plan.education_goal
    before = AccessLogEntry.objects.count()
    with pytest.raises(Http404):
        teacher.get(Goal, plan.care_goal.uuid)
    (refused,) = AccessLogEntry.objects.order_by("seq")[before:]
    assert (refused.outcome, refused.data_category) == ("denied", "jeugdhulp")
    # Only scoped models: the door does not open on a model it cannot scope.
    with pytest.raises(TypeError):
        teacher.get(Plan, plan.plan.uuid)


def test_emergency_access_reads_the_plan_but_does_not_write_it(access, client_for, world):
    with pytest.raises(PermissionDenied):
        services.add_item(access("emergency_worker"), kind="goal", fields=goal_fields())
    url = reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    assert client_for("emergency_worker").get(url).status_code == 200


def test_changing_a_module_keeps_its_links_to_goals_the_writer_cannot_see(access, plan):
    module = Module.objects.get(pk=plan.care_module.pk)
    # The module also serves the education goal, which the youth worker cannot see.
    module.goals.add(plan.education_goal)
    services.change_item(
        access("youth_worker"),
        module,
        expected_version=module.lock_version,
        fields={"title": "Gezinsbegeleiding thuis", "goals": [plan.care_goal]},
    )
    assert set(module.goals.all()) == {plan.care_goal, plan.education_goal}


def test_script_in_a_text_field_is_shown_as_text(access, client_for, world):
    services.add_item(
        access("coordinator"),
        kind="need",
        fields={
            "of_whom": "kind",
            "text": '<script>alert("x")</script> rustige plek',
            "category": "onderwijs",
        },
    )
    for url in (
        reverse("plans:plan", kwargs={"case_id": world.case.uuid}),
        reverse("cases:detail", kwargs={"case_id": world.case.uuid}),
    ):
        body = client_for("teacher").get(url).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; rustige plek" in body
        assert '<script>alert("x")</script>' not in body


def test_script_in_a_network_name_is_escaped_in_the_picture(access, client_for, world):
    services.add_item(
        access("youth_worker"),
        kind="network",
        fields={
            "name": "<script>x</script>",
            "relation": "vriend",
            "involvement": "soms",
            "support": "neutraal",
            "category": "gezin",
        },
    )
    url = reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    body = client_for("youth_worker").get(url).content.decode()
    assert "<script>x" not in body
    assert "&lt;script&gt;x" in body


def test_the_goal_bank_is_searched_without_javascript_and_a_goal_taken_over(client_for, world):
    from arrangeer.plans.models import BankGoal

    bank = BankGoal.objects.create(
        region=world.region,
        side="onderwijs",
        what="Zelfstandig een weektaak plannen",
        indicator="Weektaak af op vrijdag",
        target="Vier van de vijf weken",
        keywords="planning executieve functies",
    )
    BankGoal.objects.create(region=world.region, side="zorg", what="Slaapritme", keywords="")
    url = reverse("plans:item_new", kwargs={"case_id": world.case.uuid, "slug": "doelen"})
    client = client_for("coordinator")
    found = client.get(url, {"zoek": "executieve"}).content.decode()
    assert "Zelfstandig een weektaak plannen" in found and "Slaapritme" not in found
    taken = client.get(url, {"van_bank": bank.pk}).content.decode()
    assert "Weektaak af op vrijdag" in taken
    assert f'name="bank_goal" value="{bank.pk}"' in taken


def test_an_adopted_plan_cannot_be_edited(access, plan, client_for, world):
    regie = access("coordinator")
    version = services.send_for_agreement(regie)
    services.record_parent_agreement(
        regie,
        content_hash=version.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="papier",
    )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="vooraf",
        child_view="Prima",
        child_view_category="onderwijs",
    )
    goal = Goal.objects.get(pk=plan.education_goal.pk)
    with pytest.raises(ValidationError) as excinfo:
        services.change_item(
            regie, goal, expected_version=goal.lock_version, fields={"what": "Anders"}
        )
    assert "is adopted (version 2) and cannot be changed" in excinfo.value.messages[0]
    url = reverse(
        "plans:item_edit",
        kwargs={"case_id": world.case.uuid, "slug": "doelen", "item_id": goal.uuid},
    )
    response = client_for("coordinator").post(url, {"what": "Anders"}, follow=True)
    assert "cannot be changed" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).what == goal.what
    assert Plan.objects.get(pk=plan.plan.pk).status == "adopted"


def test_removing_an_item_takes_it_out_of_the_draft_and_logs_it(access, plan):
    need = plan.needs[0]
    services.remove_item(access("coordinator"), need, expected_version=need.lock_version)
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.event, entry.object_type, entry.object_id) == (
        "delete",
        "plan_need",
        str(need.uuid),
    )
    from arrangeer.plans.snapshot import build

    assert str(need.uuid) not in {n["uuid"] for n in build(plan.plan)["need"]}
