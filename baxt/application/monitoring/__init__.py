"""The monitoring figures: counts of children by quarter and place, read from
`monitoring_facts`, with small counts suppressed for those who may see only those."""
