"""Who may see what: who is acting (`principal`), each role's operations (`rules`), the cases
it reaches (`scope`), the fields it sees masked (`masks`), and both together (`view`).

The rules are data (`RULES`, `UNMASKED`); everything else here derives from them. The read
model, the case service and the workload take a `CaseView` made by `case_view`, so every path
to a case's content filters and masks in one place.
"""
