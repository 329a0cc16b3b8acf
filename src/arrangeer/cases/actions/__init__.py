""" "My actions": what each person has to do, for which case, by when — gathered from a small
registry of sources, so every app adds its own without this module knowing about it.

API (for other apps, e.g. the plan's "evaluation date near", "module ends within 4 weeks",
"decision pending after N days"):

    from arrangeer.cases.actions import Action, limited, register_action_source

    @register_action_source(
        "evaluation_due",
        label=_("Evaluations coming up"),
        mail=_("An evaluation of a plan you work on is coming up."),
    )
    def evaluation_due(user, cases, today, limit):
        plans = Plan.objects.filter(case__in=cases, ...).select_related("case__child")
        for plan in limited(plans.order_by("evaluation_date", "case__child__last_name",
                                           "case_id", "pk"), limit):
            yield Action(
                source="evaluation_due",
                case=plan.case,
                title=_("Evaluate the plan"),
                due=plan.evaluation_date,
                view="plans:detail",
                key=f"evaluation_due:{plan.pk}:{plan.evaluation_date}",
                remind_from=plan.evaluation_date - dt.timedelta(days=14),
                tiebreak=plan.pk,
            )

Rules for a source:
- `cases` is `visible_cases(user)`: start every query from it (or filter `case__in=cases`), so
  an action never points at a case the person may not see. Load `case__child` with it.
- A source that yields actions only on the cases the person leads (is the regisseur of)
  registers `led=True`: it is handed only those cases (by key) and does not run for a person
  who leads none. It still filters on `regisseur=user` itself, so it yields the same when
  handed every visible case (`demo/tests/test_actions_led.py` compares the two). A source
  with a part of each kind registers that part as `led_part`.
- Constant queries: one or two per source, whatever the number of cases.
- Work for what is shown: yield at most `limit` actions (None: all, for the reminder job), the
  first ones in the list's order — due date (undated last), the child's last name, the case,
  then `tiebreak` (the row's pk). Where the rows can be many (a place on 25,000 teams), sort
  and cut in SQL (`limited`); where they are bounded by what the person leads (the
  regisseur's own cases), read them and cut with `first` before building anything, so the
  database starts from those few cases instead of walking an index in date order.
- `view` (and `url_kwargs`, `anchor`) name the page: its URL is built only for the rows shown.
- `key` identifies the action for reminders: `send_reminders` mails a key once per person.
  Put in it what makes the action new (the step visit, the date), not the day of the run.
- `remind_from`: the first day a reminder mail may go out; None for "show, never mail".
- `mail` (at registration) is the text of the reminder: specific about the kind of action,
  never about the child — the mail carries only a link.
- `probe` (at registration): where the source's rows would come from on a day, found from
  the person alone — a list of querysets naming them as `PERSON` (`case__regisseur=PERSON`,
  `owner__membership__user=PERSON`), not from `cases`. Before the sources run, one query asks
  every probe whether a row exists (compiled once a day, `registry._found_empty`), and a
  source whose probe finds nothing does not run: for most people most sources have nothing,
  and each cost a query or two and the compiling of its joins. A probe must find a row
  whenever its source yields an action (a superset: drop the visible cases, the ordering, the
  checks on dates a database cannot make); one that misses hides a person's action.
  `testing.actions.missed_by_probes` checks it on the tests' world and the seeded demo.
- `counted` (and `led_counted`, for `led_part`; at registration): for a source with many
  lines (the steps, the transitions, the funding), the same reading as `collect` (the first
  `limit` actions, exactly as it yields them) with the number it yields without a limit,
  found without building every action (a `COUNT`, or the values it decides on anyway). The
  API's `count` adds these numbers (`counted_actions`); a source without one is read in full
  and counted as read. It yields actions on a case only (the organisation's narrowing of a
  case-less action is not counted). `testing.actions.miscounted` checks each against the
  list built in full, on the tests' world and the seeded demo.

An action without a case (an aanmelding before it is accepted: there is no case yet): `case`
is None, `subject` is what the list shows in the case's column and `sort_name` the name it
sorts on; `view` then takes `url_kwargs` only, and `row` is the source's row. Such a source
starts from the person's own places, not from `cases`, and registers `log` (the access-log
record of the rows shown, as its own list page writes them) and `people` (who may have such
actions without being on any team, so the reminder job reads their actions too).

The registry and the gathering are in `registry`; the case's own sources in `case_sources`
(its steps in `steps`), registered when this package is imported (before any other app's).
Other apps import from this package.
"""

from . import case_sources  # noqa: F401 (the case's own sources register themselves)
from .registry import (
    CASE_FIELDS,
    CASE_ORDER,
    PERSON,
    Action,
    ActionSource,
    Collect,
    Counted,
    LogShown,
    People,
    Probe,
    actions_for,
    counted_actions,
    extra_people,
    first,
    limited,
    log_shown,
    register_action_source,
    sources,
)

__all__ = [
    "CASE_FIELDS",
    "CASE_ORDER",
    "PERSON",
    "Action",
    "ActionSource",
    "Collect",
    "Counted",
    "LogShown",
    "People",
    "Probe",
    "actions_for",
    "counted_actions",
    "extra_people",
    "first",
    "limited",
    "log_shown",
    "register_action_source",
    "sources",
]
