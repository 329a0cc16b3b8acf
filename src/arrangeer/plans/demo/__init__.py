"""The demo's plans, written through the real services.

One module per part: `persona_plans` (the pieces of the persona children's plans, which
demo/stories.py puts together along each case's route and timeline), `stories` (what each
persona child's plan says), `route_plans` (the plans of the cases that show every step of the
routes), `writing` (as whom the demo writes, a goal and a module with its defaults, and the
plan agreed and adopted) and `reference` (each demo region's support-level labels, goal bank
and tariffs). The other apps' demo modules, the demo app and the test builders import from
this package."""

from .persona_plans import adjust, adopt, arrange, evaluate, picture, progress, send, set_goals
from .reference import BANK, DEMO_LEVELS, DEMO_TARIFFS, seed_reference
from .route_plans import ROUTE_STAGES, seed_route_plans
from .stories import PlanStory
from .writing import agree_and_adopt

__all__ = [
    "BANK",
    "DEMO_LEVELS",
    "DEMO_TARIFFS",
    "ROUTE_STAGES",
    "PlanStory",
    "adjust",
    "adopt",
    "agree_and_adopt",
    "arrange",
    "evaluate",
    "picture",
    "progress",
    "seed_reference",
    "seed_route_plans",
    "send",
    "set_goals",
]
