"""The GraphQL of reports of concern: the triage queue, a report, and its commands."""
