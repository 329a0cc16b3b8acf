# The access log is deliberately not registered here. The functional administrator manages
# accounts and organisations, not children, and must not browse who looked at which child;
# the log of a case is shown to that case's regisseur on a page of its own, through
# arrangeer.audit.services.entries_for_case (and logged itself).
