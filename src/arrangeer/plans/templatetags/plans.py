from __future__ import annotations

from django import template

from arrangeer.core.templatetags.numbers import number

register = template.Library()

# The plan's templates load `plans`; the filter is the core one (numbers as people read them).
register.filter("number", number)
